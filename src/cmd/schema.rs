//! `pbn schema`: JSON Schema (2020-12) of the source files, for yaml-language-server and other editors.
//!
//! Fragment fields come from the one table the decoder reads them by (`model/fields.rs`), so a field the decoder
//! accepts cannot be missing here; a test checks that each has a schema.

use crate::model::fields::{self, fragment_fields};
use crate::model::{ChannelType, Criticality, Kind, Regime};
use serde_json::{Map, Value, json};

/// The schema of a fragment key: the header fields here, the content fields from the table of
/// `model/fields.rs`.
fn field_schema(name: &str, kind: Kind) -> Value {
    match name {
        "kind" => json!({"const": kind.as_str()}),
        "id" => field::id(kind),
        "override" => json!({"enum": ["replace", "patch"]}),
        "disable" => json!({"type": "boolean"}),
        "locked" => {
            json!({"anyOf": [{"type": "boolean"}, {"type": "array", "items": {"type": "string"}}]})
        }
        _ => content_field_schema(name, kind),
    }
}

macro_rules! content_schemas {
    ([] $($name:ident : $ty:ty = $read:ident, [$($k:tt)*], $schema:ident;)*) => {
        /// The schema of a content field, by the table's `schema` column.
        fn content_field_schema(name: &str, kind: Kind) -> Value {
            match name {
                $( stringify!($name) => field::$schema(kind), )*
                _ => json!({}),
            }
        }
    };
}
fragment_fields!(content_schemas);

/// The schemas the table of `model/fields.rs` names, one per way a field is written.
mod field {
    use super::{Kind, Regime, Value, json};

    pub fn id(_: Kind) -> Value {
        json!({"$ref": "#/$defs/id"})
    }

    pub fn ids(_: Kind) -> Value {
        json!({"type": "array", "items": {"$ref": "#/$defs/id"}})
    }

    pub fn string(_: Kind) -> Value {
        json!({"type": "string"})
    }

    pub fn markdown(_: Kind) -> Value {
        json!({"type": "string", "description": "Markdown (CommonMark); `{{contact:ID}}`, `{{role:ID}}`, `{{fragment:ID}}`, `{{application:ID}}` references allowed"})
    }

    pub fn texts(_: Kind) -> Value {
        json!({"type": "array", "items": {"type": "string"}})
    }

    pub fn sources(_: Kind) -> Value {
        json!({"$ref": "#/$defs/sources"})
    }

    pub fn integer(_: Kind) -> Value {
        json!({"type": "integer"})
    }

    pub fn boolean(_: Kind) -> Value {
        json!({"type": "boolean"})
    }

    pub fn duration(_: Kind) -> Value {
        json!({"$ref": "#/$defs/duration"})
    }

    /// A reflex's audience is roles; a message's, readers named in words.
    pub fn audience(kind: Kind) -> Value {
        if kind == Kind::Reflex {
            ids(kind)
        } else {
            json!({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]})
        }
    }

    pub fn steps(_: Kind) -> Value {
        json!({"type": "array", "items": {"$ref": "#/$defs/step"}})
    }

    pub fn condition(_: Kind) -> Value {
        json!({"enum": ["nis2"]})
    }

    pub fn applies_to(_: Kind) -> Value {
        json!({"type": "array", "minItems": 1, "uniqueItems": true, "items": {"enum": Regime::NAMES}})
    }

    pub fn form_fields(_: Kind) -> Value {
        json!({"type": "array", "items": {"type": "object", "additionalProperties": false, "required": ["id", "label"], "properties": {
        "id": {"$ref": "#/$defs/id"}, "label": {"type": "string"}, "lines": {"type": "integer", "minimum": 1, "maximum": 40},
        "help": {"type": "string", "description": "Markdown: what to write"}}}})
    }
}

fn fragment_schema(kind: Kind) -> Value {
    let mut props = Map::new();
    for name in fields::allowed(kind) {
        props.insert(name.to_string(), field_schema(name, kind));
    }
    let mut required = vec!["kind", "id", "title"];
    required.extend_from_slice(kind.required());
    json!({
        "type": "object",
        "additionalProperties": false,
        "properties": props,
        "if": {"properties": {"override": {"const": "patch"}}, "required": ["override"]},
        "then": {"required": ["kind", "id"]},
        "else": {"anyOf": [{"required": required}, {"properties": {"disable": {"const": true}}, "required": ["kind", "id", "disable"]}]},
    })
}

pub fn schema() -> Value {
    let kinds: Vec<Value> = Kind::ALL
        .iter()
        .map(|k| json!({"$ref": format!("#/$defs/{}", k.as_str())}))
        .collect();
    let mut defs = Map::new();
    for k in Kind::ALL {
        defs.insert(k.as_str().to_string(), fragment_schema(k));
    }
    defs.insert("sources".into(), json!({"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object", "additionalProperties": false, "required": ["title"], "properties": {"title": {"type": "string"}, "ref": {"type": "string"}, "url": {"type": "string", "format": "uri"}}}]}}));
    defs.insert(
        "id".into(),
        json!({"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}),
    );
    defs.insert("duration".into(), json!({"type": "string", "pattern": "^(immediate|[0-9]+[mhdw])$", "examples": ["15m", "4h", "3d", "immediate"]}));
    defs.insert(
        "date".into(),
        json!({"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}),
    );
    defs.insert("step".into(), json!({
        "type": "object", "additionalProperties": false,
        "properties": {
            "id": {"$ref": "#/$defs/id"}, "do": {"type": "string"}, "who": {"$ref": "#/$defs/id"},
            "within": {"$ref": "#/$defs/duration"}, "needs_it": {"type": "boolean"},
            "after": {"$ref": "#/$defs/id"}, "before": {"$ref": "#/$defs/id"}, "replace": {"$ref": "#/$defs/id"}, "remove": {"$ref": "#/$defs/id"},
        },
    }));
    defs.insert("fragment".into(), json!({"oneOf": kinds}));
    defs.insert("manifest".into(), json!({
        "type": "object", "additionalProperties": false, "required": ["plan"],
        "properties": {
            "plan": {"type": "object", "additionalProperties": false, "properties": {
                "title": {"type": "string"}, "version": {"type": "string"}, "language": {"enum": ["fr", "en"]}, "classification": {"type": "string"},
                "crisis_log_sheets": {"type": "integer", "minimum": 1, "maximum": crate::decode::plan::MAX_CRISIS_LOG_SHEETS}}},
            "layers": {"type": "array", "items": {"oneOf": [
                {"type": "object", "additionalProperties": false, "required": ["baseline"], "properties": {"baseline": {"enum": crate::baseline::NAMES}}},
                {"type": "object", "additionalProperties": false, "required": ["path"], "properties": {"path": {"type": "string"}}}]}},
            "include": {"type": "array", "items": {"type": "string"}},
            "audiences": {"type": "array", "items": {"type": "object", "additionalProperties": false, "required": ["name"], "properties": {
                "name": {"$ref": "#/$defs/id"}, "redact": {"type": "array", "items": {"type": "string"}}, "exclude_tags": {"type": "array", "items": {"type": "string"}}}}},
            "review": {"type": "object"},
        },
    }));
    let date = json!({"$ref": "#/$defs/date"});
    let dur = json!({"$ref": "#/$defs/duration"});
    let id = json!({"$ref": "#/$defs/id"});
    let finess = json!({"type": "string", "pattern": "^(\\d{9}|2[AB]\\d{7})$"});
    defs.insert("establishment".into(), json!({
        "type": "object", "additionalProperties": false, "required": ["establishment"],
        "properties": {
            "establishment": {"type": "object", "additionalProperties": false, "required": ["name", "finess_ej"], "properties": {
                "name": {"type": "string"}, "finess_ej": finess, "finess_et": {"type": "array", "items": finess},
                "siren": {"type": "string", "pattern": "^\\d{3} ?\\d{3} ?\\d{3}$"},
                "ght": {"type": "string"}, "ars": {"type": "string"},
                "regime": {"anyOf": [{"const": ["aucun"]}, {"type": "array", "minItems": 1, "uniqueItems": true, "items": {"enum": Regime::NAMES}}]},
                "nis2_entity": {"type": "boolean", "deprecated": true, "description": "older form of `regime: [nis2-essentielle]`"},
                "portal_delegation": {"type": "object", "additionalProperties": false, "required": ["to"], "properties": {"to": id, "signed_on": date}},
                "address": {"type": "string"}}},
            "resources": {"type": "array", "items": {"type": "object", "additionalProperties": false, "required": ["id", "what"], "properties": {
                "id": id, "what": {"type": "string"}, "where": {"type": "string"}, "holder": id, "notes": {"type": "string"}}}},
            "network": {"type": "object", "additionalProperties": false, "properties": {
                "cut_list": {"type": "array", "items": {"type": "object", "additionalProperties": false, "required": ["id", "what"], "properties": {
                    "id": id, "what": {"type": "string"}, "how": {"type": "string"}, "who": id}}},
                "restart_order": {"type": "array", "items": id}}},
            "functions": {"type": "array", "items": {"type": "object", "additionalProperties": false, "required": ["id", "name", "criticality", "max_downtime"], "properties": {
                "id": id, "name": {"type": "string"}, "criticality": {"enum": Criticality::NAMES}, "max_downtime": dur, "notes": {"type": "string"}}}},
            "applications": {"type": "array", "items": {"type": "object", "additionalProperties": false, "required": ["id", "name", "functions", "critical", "rto", "rpo"], "properties": {
                "id": id, "name": {"type": "string"}, "functions": {"type": "array", "items": id}, "critical": {"type": "boolean"},
                "rto": dur, "rpo": dur, "vendor": id, "notes": {"type": "string"}}}},
            "backups": {"type": "object", "additionalProperties": false, "properties": {"offline": {"type": "boolean"}, "last_restore_test": date, "notes": {"type": "string"}}},
            "crisis_cell": {"type": "object", "additionalProperties": false, "properties": {
                "room": {"type": "string"}, "fallback_room": {"type": "string"},
                "members": {"type": "array", "items": {"type": "object", "additionalProperties": false, "required": ["role"], "properties": {"role": id, "holder": id, "deputy": id}}}}},
            "approval": {"type": "object", "additionalProperties": false, "properties": {
                "adopted_on": date, "next_review": date,
                "version": {"type": "string", "description": "the plan version the opinions and the adoption concern"},
                "sector": {"enum": ["public", "private"], "description": "public (directoire, CME, CSE) or private (CME, CSE) bodies"},
                "opinions": {"type": "object", "additionalProperties": false, "properties": {"directoire": date, "cme": date, "cse": date}},
                "informed": {"type": "object", "additionalProperties": false, "properties": {"conseil_surveillance": date, "conseil_administration": date}}}},
            "training": {"type": "object", "additionalProperties": false, "properties": {
                "plan": {"type": "string"},
                "sessions": {"type": "array", "items": {"type": "object", "additionalProperties": false, "properties": {"date": date, "audience": {"type": "string"}, "topic": {"type": "string"}}}}}},
        },
    }));
    defs.insert("contacts".into(), json!({
        "type": "object", "additionalProperties": false, "required": ["contacts"],
        "properties": {"contacts": {"type": "array", "items": {"type": "object", "additionalProperties": false, "required": ["id", "name", "channels"], "properties": {
            "id": id, "name": {"type": "string"}, "organization": {"type": "string"}, "roles": {"type": "array", "items": id},
            "deputy": id, "verified_on": date, "notes": {"type": "string"}, "sources": {"$ref": "#/$defs/sources"},
            "channels": {"type": "array", "minItems": 1, "items": {"type": "object", "additionalProperties": false, "required": ["type", "value"], "properties": {
                "type": {"enum": ChannelType::NAMES}, "value": {"type": "string"}, "label": {"type": "string"},
                "h24": {"type": "boolean"}, "independent_of_is": {"type": "boolean"}, "confidential": {"type": "boolean"}}}}}}}},
    }));
    defs.insert("exercises".into(), json!({
        "type": "object", "additionalProperties": false,
        "properties": {"exercises": {"type": "array", "items": {"type": "object", "additionalProperties": false, "required": ["id"], "properties": {
            "id": id, "date": date, "scenario": {"type": "string"}, "format": {"enum": ["tabletop", "functional", "full-scale"]},
            "participants": {"type": "array", "items": {"type": "string"}}, "procedures_tested": {"type": "array", "items": id}, "notes": {"type": "string"},
            "findings": {"type": "array", "items": {"type": "object", "additionalProperties": false, "required": ["text"], "properties": {
                "text": {"type": "string"}, "action": {"type": "string"}, "owner": id, "due": date, "status": {"enum": ["open", "in-progress", "done"]}}}}}}}},
    }));
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://pbn.invalid/schemas/pbn.schema.json",
        "title": "pbn plan sources",
        "description": "Any pbn source file: pbn.yaml, establishment.yaml, contacts.yaml, exercises.yaml, or a fragment file.",
        "anyOf": [
            {"$ref": "#/$defs/manifest"}, {"$ref": "#/$defs/establishment"}, {"$ref": "#/$defs/contacts"},
            {"$ref": "#/$defs/exercises"}, {"$ref": "#/$defs/fragment"},
        ],
        "$defs": defs,
    })
}

/// The whole schema as `pbn schema` prints it, without the final newline. `schemas/pbn.schema.json` holds this
/// text; a test fails when it is out of date.
pub fn schema_text() -> String {
    serde_json::to_string_pretty(&schema()).unwrap_or_default()
}

pub fn run(which: &str) -> i32 {
    let all = schema();
    let v = if which == "all" {
        all
    } else {
        let Some(def) = all.get("$defs").and_then(|d| d.get(which)).cloned() else {
            return super::fatal(&format!(
                "unknown schema `{which}`: use fragment, manifest, establishment, contacts, exercises or all"
            ));
        };
        let mut v = all.clone();
        if let Some(o) = v.as_object_mut() {
            o.remove("anyOf");
            o.insert("$ref".into(), json!(format!("#/$defs/{which}")));
            let _ = def;
        }
        v
    };
    super::out(&format!(
        "{}\n",
        serde_json::to_string_pretty(&v).unwrap_or_default()
    ));
    crate::exit::OK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_decoder_field_is_in_the_schema() {
        let s = schema();
        for k in Kind::ALL {
            let props = &s["$defs"][k.as_str()]["properties"];
            for f in fields::allowed(k) {
                assert!(props.get(f).is_some(), "{} lacks {f}", k.as_str());
                assert_ne!(props[f], json!({}), "{}: {f} has no schema", k.as_str());
            }
        }
    }
}
