//! Who answers for a role, in the order to call them — the one definition the documents share
//! (`{{role:ID}}` in text, role cards, the emergency box, the crisis cell table).
//!
//! The order (docs/plan-format.md, "Who is called for a role"):
//! 1. the crisis cell's holder of the role (`establishment.yaml` `members`), then its deputy; an entry that names
//!    only a deputy has the first contact listing the role (step 2's order) as its holder, before the deputy;
//! 2. then the other contacts that list the role in `contacts.yaml`, each followed by its own `deputy` when
//!    that deputy holds the role too. A contact that another holder of the role names as deputy comes after
//!    that contact, so a duty phone whose deputy is a person is called before the person: the chain
//!    `astreinte-informatique → rssi-suppleant → dsi-adjoint` is called in that order whatever the file order.
//!
//! Contacts otherwise keep the order of `contacts.yaml`; the result is deterministic.

use super::{Contact, Plan};
use std::collections::{HashMap, HashSet};

/// Roles meant for everyone (the whole staff): no contact holds them and none needs to.
pub const EVERYONE: &[&str] = &["tout-personnel"];

/// Whether a role is meant for everyone ([`EVERYONE`]).
pub fn for_everyone(role: &str) -> bool {
    EVERYONE.contains(&role)
}

/// Every role's holders in call order, for all roles at once (one pass over the contacts: a large plan cites
/// thousands of them).
pub fn call_order(plan: &Plan) -> HashMap<&str, Vec<&Contact>> {
    let by_id: HashMap<&str, &Contact> =
        plan.contacts.iter().map(|c| (c.id.v.as_str(), c)).collect();
    let mut listed: HashMap<&str, Vec<&Contact>> = HashMap::new();
    for c in &plan.contacts {
        for r in &c.roles {
            let v = listed.entry(r.v.as_str()).or_default();
            if !v.iter().any(|x| x.id.v == c.id.v) {
                v.push(c);
            }
        }
    }
    // Per role: the cell's holder and deputy, and whether an entry names a holder.
    let mut cell: HashMap<&str, (Vec<&Contact>, bool)> = HashMap::new();
    for m in &plan.establishment.members {
        let (v, held) = cell.entry(m.role.v.as_str()).or_default();
        *held |= m.holder.is_some();
        for id in [&m.holder, &m.deputy].into_iter().flatten() {
            if let Some(c) = by_id.get(id.v.as_str())
                && !v.iter().any(|x| x.id.v == c.id.v)
            {
                v.push(c);
            }
        }
    }
    let roles: Vec<&str> = cell.keys().chain(listed.keys()).copied().collect();
    roles
        .into_iter()
        .map(|r| {
            let (first, held) = cell
                .get(r)
                .map_or((&[][..], true), |(v, held)| (v.as_slice(), *held));
            let others = listed.get(r).map(Vec::as_slice).unwrap_or_default();
            let order = if held {
                ordered(first, others)
            } else {
                deputy_after_holder(first, others)
            };
            (r, order)
        })
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

/// A cell entry naming only its deputy (`deputies`): the first of `others` in call order holds the role, then
/// the deputy, then the rest — holder before deputy, as when the cell names both.
fn deputy_after_holder<'a>(deputies: &[&'a Contact], others: &[&'a Contact]) -> Vec<&'a Contact> {
    let rest: Vec<&'a Contact> = others
        .iter()
        .copied()
        .filter(|c| !deputies.iter().any(|d| d.id.v == c.id.v))
        .collect();
    let mut out = ordered(&[], &rest);
    let at = usize::from(!out.is_empty());
    for (k, d) in deputies.iter().enumerate() {
        out.insert(at + k, d);
    }
    out
}

/// The cell's holder and deputy (`first`), then `others` by deputy chains: those that no other holder names
/// as deputy first (file order), each followed by its chain; what a cycle leaves, in file order.
fn ordered<'a>(first: &[&'a Contact], others: &[&'a Contact]) -> Vec<&'a Contact> {
    let mut out: Vec<&'a Contact> = first.to_vec();
    let mut placed: HashSet<&str> = first.iter().map(|c| c.id.v.as_str()).collect();
    let rest: Vec<&'a Contact> = others
        .iter()
        .copied()
        .filter(|c| !placed.contains(c.id.v.as_str()))
        .collect();
    let named: HashSet<&str> = rest
        .iter()
        .filter_map(|c| c.deputy.as_ref())
        .map(|d| d.v.as_str())
        .collect();
    let heads = rest.iter().filter(|c| !named.contains(c.id.v.as_str()));
    // Heads first; then anything a cycle of deputies left unplaced.
    for &start in heads.chain(rest.iter()) {
        let mut next = Some(start);
        while let Some(c) = next.take() {
            if !placed.insert(c.id.v.as_str()) {
                break;
            }
            out.push(c);
            next = c
                .deputy
                .as_ref()
                .and_then(|d| rest.iter().find(|x| x.id.v == d.v))
                .copied();
        }
    }
    out
}

/// Who stands in for a contact, the one answer every document prints: the crisis cell's deputy for a contact
/// that holds a cell role (the cell is where the plan says who replaces whom), else the contact's own
/// `deputy`. `pbn validate` warns when the two disagree (PBN069).
pub fn deputy_of<'a>(plan: &'a Plan, c: &'a Contact) -> Option<&'a super::Text> {
    plan.establishment
        .members
        .iter()
        .find(|m| m.holder.as_ref().is_some_and(|h| h.v == c.id.v) && m.deputy.is_some())
        .and_then(|m| m.deputy.as_ref())
        .or(c.deputy.as_ref())
}

impl Plan {
    /// The holders of one role in call order (see the module doc). For many roles, use [`call_order`].
    pub fn role_holders(&self, role: &str) -> Vec<&Contact> {
        call_order(self).remove(role).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CellMember, Sp};
    use crate::source::Loc;

    fn contact(id: &str, roles: &[&str], deputy: Option<&str>) -> Contact {
        let t = |s: &str| Sp::new(s.to_string(), Loc::default());
        Contact {
            id: t(id),
            name: t(id),
            organization: None,
            roles: roles.iter().map(|r| t(r)).collect(),
            deputy: deputy.map(t),
            verified_on: None,
            channels: Vec::new(),
            complete: false,
            notes: None,
            sources: Vec::new(),
            loc: Loc::default(),
            layer: 0,
        }
    }

    fn plan_of(contacts: Vec<Contact>) -> Plan {
        Plan {
            contacts,
            ..Plan::default()
        }
    }

    fn ids(v: &[&Contact]) -> Vec<String> {
        v.iter().map(|c| c.id.v.clone()).collect()
    }

    #[test]
    fn a_cell_holder_is_stood_in_for_by_the_cells_deputy() {
        let t = |s: &str| Sp::new(s.to_string(), Loc::default());
        let mut plan = plan_of(vec![
            contact("garde", &["administrateur-garde"], Some("dga")),
            contact("daf", &["administrateur-garde"], None),
            contact("dga", &["directeur-crise"], Some("daf")),
        ]);
        plan.establishment.members.push(CellMember {
            role: t("administrateur-garde"),
            holder: Some(t("garde")),
            deputy: Some(t("daf")),
            loc: Loc::default(),
        });
        let deputy = |i: usize| deputy_of(&plan, &plan.contacts[i]).map(|d| d.v.clone());
        // The cell wins over the contact's own `deputy`; a contact outside the cell keeps its own.
        assert_eq!(deputy(0).as_deref(), Some("daf"));
        assert_eq!(deputy(1), None);
        assert_eq!(deputy(2).as_deref(), Some("daf"));
    }

    #[test]
    fn deputy_chains_put_the_duty_phone_first_whatever_the_file_order() {
        let plan = plan_of(vec![
            contact("dsi-adjoint", &["astreinte-si"], None),
            contact("rssi-suppleant", &["astreinte-si"], Some("dsi-adjoint")),
            contact("astreinte", &["astreinte-si"], Some("rssi-suppleant")),
            contact("other", &["astreinte-si"], None),
        ]);
        assert_eq!(
            ids(&plan.role_holders("astreinte-si")),
            ["astreinte", "rssi-suppleant", "dsi-adjoint", "other"]
        );
    }

    #[test]
    fn a_cell_entry_naming_only_a_deputy_calls_the_contact_listing_the_role_first() {
        let t = |s: &str| Sp::new(s.to_string(), Loc::default());
        let mut plan = plan_of(vec![
            contact("vendor", &["dsi"], None),
            contact("it-lead", &["dsi"], None),
            contact("other", &["dsi"], None),
        ]);
        plan.establishment.members.push(CellMember {
            role: t("dsi"),
            holder: None,
            deputy: Some(t("vendor")),
            loc: Loc::default(),
        });
        assert_eq!(
            ids(&plan.role_holders("dsi")),
            ["it-lead", "vendor", "other"]
        );
        // Nobody else lists the role: the deputy alone.
        plan.contacts.retain(|c| c.id.v == "vendor");
        assert_eq!(ids(&plan.role_holders("dsi")), ["vendor"]);
    }

    #[test]
    fn the_cell_holder_and_deputy_come_before_contacts_listing_the_role() {
        let t = |s: &str| Sp::new(s.to_string(), Loc::default());
        let mut plan = plan_of(vec![
            contact("dga", &["garde"], None),
            contact("daf", &["garde"], None),
            contact("duty", &["garde"], Some("dga")),
            contact("nobody", &[], None),
        ]);
        plan.establishment.members.push(CellMember {
            role: t("garde"),
            holder: Some(t("duty")),
            deputy: Some(t("daf")),
            loc: Loc::default(),
        });
        // The cell's own member need not list the role; an unknown id is skipped.
        plan.establishment.members.push(CellMember {
            role: t("dpo"),
            holder: Some(t("nobody")),
            deputy: Some(t("ghost")),
            loc: Loc::default(),
        });
        assert_eq!(ids(&plan.role_holders("garde")), ["duty", "daf", "dga"]);
        assert_eq!(ids(&plan.role_holders("dpo")), ["nobody"]);
        assert!(plan.role_holders("absent").is_empty());
    }

    #[test]
    fn a_cycle_of_deputies_keeps_everyone_once() {
        let plan = plan_of(vec![
            contact("a", &["r"], Some("b")),
            contact("b", &["r"], Some("a")),
            contact("c", &["r"], Some("a")),
        ]);
        assert_eq!(ids(&plan.role_holders("r")), ["c", "a", "b"]);
    }
}
