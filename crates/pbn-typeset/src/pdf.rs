//! Export: pages of positioned items written as a PDF with printpdf.
//!
//! No layout decision is made here. printpdf builds the document: pages, font resources
//! (Type0/CIDFontType2 with `/W` and `/ToUnicode`), link annotations, metadata. Around it
//! the writer subsets each face to the glyphs the pages use (allsorts, which printpdf
//! already depends on: no `text_layout` feature needed), names the font resources itself
//! (`F1`…`F5`, with a subset tag derived from the glyph set), encodes the page contents
//! itself for speed (`content.rs`), writes the outline (nested, in document order, each
//! bookmark pointing at its heading rather than the page top) and sets the trailer `/ID`
//! from a SHA-256 of the file. Nothing depends on the clock or on a process-wide counter,
//! so the same layout gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use allsorts::tables::FontTableProvider;
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use printpdf::{
    Actions, BorderArray, ColorArray, Destination, FontId, LinkAnnotation, Op, ParsedFont,
    PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Pt, Rect,
    TextItem,
};
use sha2::{Digest, Sha256};

use crate::content::{self, GlyphMap};
use crate::doc::Meta;
use crate::font::{Face, Font, fonts};
use crate::layout::{Item, Layout, Overflow, PAGE_HEIGHT, PAGE_WIDTH, Page};
use crate::{Document, Error, Target};

/// A rendered PDF and what the caller should know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// The PDF file.
    pub pdf: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// Reflex sheets that did not fit on one page (emit a warning for each).
    pub overflows: Vec<Overflow>,
    /// Internal links to anchors that do not exist (the links were dropped).
    pub broken_links: Vec<String>,
}

/// Lay out and write a document: [`crate::layout`] then [`write_pdf`].
pub fn render_pdf(doc: &Document) -> Result<Rendered, Error> {
    let layout = crate::layout(doc)?;
    let pdf = write_pdf(&layout, &doc.meta)?;
    Ok(Rendered {
        pdf,
        pages: layout.pages.len(),
        overflows: layout.overflows,
        broken_links: layout.broken_links,
    })
}

/// [`render_pdf`] for a document the caller no longer needs: it is freed once laid out, so that a binder of a
/// thousand pages never holds its document, its layout and its PDF objects at once.
pub fn render_document(doc: Document) -> Result<Rendered, Error> {
    let layout = crate::layout(&doc)?;
    let meta = doc.meta.clone();
    drop(doc);
    let pdf = write_pdf(&layout, &meta)?;
    Ok(Rendered {
        pdf,
        pages: layout.pages.len(),
        overflows: layout.overflows,
        broken_links: layout.broken_links,
    })
}

/// Write laid-out pages as a PDF.
pub fn write_pdf(layout: &Layout, meta: &Meta) -> Result<Vec<u8>, Error> {
    let faces = fonts()?;
    let used = used_chars(&layout.pages);
    let mut pdf = PdfDocument::new(&meta.title);
    let mut glyphs = vec![GlyphMap::default(); Font::ALL.len()];
    // printpdf embeds a font, with its `/W` and `/ToUnicode`, from the text it is given:
    // show every used character once on the first page; the real contents replace it.
    let mut usage = vec![Op::StartTextSection];
    for font in Font::ALL {
        let chars = &used[font.index()];
        if chars.is_empty() {
            continue;
        }
        let parsed = subset(faces.face(font), font, chars)?;
        glyphs[font.index()] = GlyphMap::new(&parsed);
        pdf.resources
            .fonts
            .map
            .insert(font_id(font), PdfFont::new(parsed));
        usage.push(Op::SetFont {
            font: PdfFontHandle::External(font_id(font)),
            size: Pt(1.0),
        });
        usage.push(Op::ShowText {
            items: vec![TextItem::Text(chars.iter().collect())],
        });
    }
    usage.push(Op::EndTextSection);
    let pages = layout
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| page_shell(p, layout, if i == 0 { usage.clone() } else { Vec::new() }))
        .collect();
    pdf.with_pages(pages);
    set_info(&mut pdf, meta);

    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut doc = pdf.to_lopdf_document(&opts, &mut warnings);
    // printpdf's copy of every page and link is no longer needed: free it before the contents are encoded.
    drop(pdf);
    if let Some(w) = warnings
        .iter()
        .find(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        return Err(Error::Pdf(w.msg.clone()));
    }
    // /Lang and /ViewerPreferences /DisplayDocTitle are PDF 1.4; printpdf writes 1.3.
    doc.version = "1.7".into();
    let contents = content::encode_all(&layout.pages, &glyphs);
    for ((_, page), bytes) in doc.get_pages().into_iter().zip(contents) {
        let mut dict = Dictionary::new();
        dict.set("Filter", "FlateDecode");
        let stream = Object::Stream(Stream::new(dict, bytes).with_compression(false));
        // Replace printpdf's (empty or usage-only) content stream in place.
        let target = doc
            .get_dictionary(page)
            .and_then(|d| d.get(b"Contents"))
            .and_then(Object::as_reference);
        match target {
            Ok(id) => {
                doc.objects.insert(id, stream);
            }
            Err(_) => {
                let id = doc.add_object(stream);
                doc.get_dictionary_mut(page)
                    .map_err(|e| Error::Pdf(e.to_string()))?
                    .set("Contents", id);
            }
        }
    }
    indirect_annotations(&mut doc);
    write_outline(&mut doc, layout)?;
    finish_catalog(&mut doc, meta)?;
    const PLACEHOLDER: [u8; 16] = [0; 16];
    let id = Object::String(PLACEHOLDER.to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    compress_streams(&mut doc);
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| Error::Pdf(e.to_string()))?;
    set_file_id(&mut out);
    Ok(out)
}

/// lopdf's `compress` deflates each remaining stream (fonts, `/ToUnicode`) at level 9, one after the other:
/// a sixth of the PDF stage. Level 6 on one thread per stream gives files within a few percent of it.
fn compress_streams(doc: &mut lopdf::Document) {
    let todo: Vec<(ObjectId, &[u8])> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| match o {
            Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => {
                Some((*id, s.content.as_slice()))
            }
            _ => None,
        })
        .collect();
    let packed: Vec<(ObjectId, Vec<u8>)> = std::thread::scope(|sc| {
        let jobs: Vec<_> = todo
            .iter()
            .map(|&(id, data)| (id, data.len(), sc.spawn(move || content::deflate(data, 6))))
            .collect();
        jobs.into_iter()
            .filter_map(|(id, len, h)| {
                h.join()
                    .ok()
                    .filter(|z| z.len() + 19 < len)
                    .map(|z| (id, z))
            })
            .collect()
    });
    for (id, z) in packed {
        if let Some(Object::Stream(s)) = doc.objects.get_mut(&id) {
            s.dict.set("Filter", "FlateDecode");
            s.set_content(z);
        }
    }
}

fn font_id(font: Font) -> FontId {
    FontId(format!("F{}", font.index() + 1))
}

/// Characters used per face.
fn used_chars(pages: &[Page]) -> Vec<BTreeSet<char>> {
    // A bitmap of the BMP per face: set-inserting every character is the slow way.
    let mut bmp = vec![vec![0u64; 1024]; Font::ALL.len()];
    let mut other = vec![BTreeSet::new(); Font::ALL.len()];
    for page in pages {
        for item in &page.items {
            if let Item::Text { font, text, .. } = item {
                let bits = &mut bmp[font.index()];
                for c in text.chars() {
                    let cp = c as usize;
                    match bits.get_mut(cp / 64) {
                        Some(w) => *w |= 1 << (cp % 64),
                        None => {
                            other[font.index()].insert(c);
                        }
                    }
                }
            }
        }
    }
    bmp.iter()
        .zip(other)
        .map(|(bits, mut set)| {
            for (wi, &w) in bits.iter().enumerate() {
                let mut w = w;
                while w != 0 {
                    let b = w.trailing_zeros() as usize;
                    w &= w - 1;
                    if let Some(c) = char::from_u32((wi * 64 + b) as u32) {
                        set.insert(c);
                    }
                }
            }
            set
        })
        .collect()
}

/// The face reduced to the glyphs of `chars`, renamed `TAG+Name`.
fn subset(face: &Face, font: Font, chars: &BTreeSet<char>) -> Result<ParsedFont, Error> {
    let gids: BTreeSet<u16> = chars
        .iter()
        .filter_map(|&c| face.parsed.lookup_glyph_index(c as u32))
        .filter(|&g| g != 0)
        .collect();
    // .notdef first: allsorts requires it, and renumbers the rest in this order.
    let ids: Vec<u16> = std::iter::once(0).chain(gids).collect();
    let fail = |e: String| Error::Font(format!("cannot subset {}: {e}", font.postscript()));
    let file = ReadScope::new(face.bytes)
        .read::<FontData<'_>>()
        .map_err(|e| fail(e.to_string()))?;
    let provider = file.table_provider(0).map_err(|e| fail(e.to_string()))?;
    if !provider.has_table(allsorts::tag::GLYF) {
        return Err(fail("not a TrueType font".into()));
    }
    let bytes = allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| fail(e.to_string()))?;
    let mut warnings = Vec::new();
    let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
        .ok_or_else(|| fail("unreadable subset".into()))?;
    // The six-letter subset tag (ISO 32000 9.6.4), derived from the glyph set.
    let mut h = Sha256::new();
    h.update(font.postscript().as_bytes());
    for id in &ids {
        h.update(id.to_be_bytes());
    }
    let tag: String = h
        .finalize()
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect();
    parsed.font_name = Some(format!("{tag}+{}", font.postscript()));
    Ok(parsed)
}

/// A printpdf page holding only `ops` and the page's links (contents are encoded apart).
fn page_shell(page: &Page, layout: &Layout, mut ops: Vec<Op>) -> PdfPage {
    for item in &page.items {
        if let Item::Link { x, y, w, h, target } = item {
            let action = match target {
                Target::External(url) => Actions::uri(url.clone()),
                Target::Internal(anchor) => match layout.anchors.get(anchor) {
                    Some(&(p, top)) => Actions::go_to(Destination::Xyz {
                        page: p + 1,
                        left: None,
                        top: Some((top + 8.0).min(PAGE_HEIGHT)),
                        zoom: None,
                    }),
                    None => continue,
                },
            };
            let rect = Rect {
                x: Pt(*x),
                y: Pt(*y),
                width: Pt(*w),
                height: Pt(*h),
                mode: None,
                winding_order: None,
            };
            let link = LinkAnnotation::new(
                rect,
                action,
                Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                Some(ColorArray::Transparent),
                None,
            );
            ops.push(Op::LinkAnnotation { link });
        }
    }
    let media = Rect::from_wh(Pt(PAGE_WIDTH), Pt(PAGE_HEIGHT));
    PdfPage {
        media_box: media.clone(),
        trim_box: media.clone(),
        crop_box: media,
        ops,
    }
}

fn set_info(pdf: &mut PdfDocument, meta: &Meta) {
    let d = meta.creation_date.unwrap_or(crate::DateTime {
        year: 1970,
        month: 1,
        day: 1,
        ..Default::default()
    });
    let date = printpdf::date::DateTime {
        date: printpdf::date::Date {
            year: d.year,
            month: d.month,
            day: d.day,
        },
        time: printpdf::date::Time {
            hour: d.hour,
            minute: d.minute,
            second: d.second,
            millisecond: 0,
        },
        offset: printpdf::date::Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    };
    let info = &mut pdf.metadata.info;
    info.document_title = meta.title.clone();
    info.author = meta.author.clone();
    info.subject = meta.subject.clone();
    info.creator = "pbn".into();
    info.producer = "pbn-typeset (printpdf 0.12.8)".into();
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
}

fn utf16(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// A nested outline in document order; each bookmark points at its heading.
fn write_outline(doc: &mut lopdf::Document, layout: &Layout) -> Result<(), Error> {
    if layout.outline.is_empty() {
        return Ok(());
    }
    let pages = doc.get_pages();
    let root = doc.new_object_id();
    let n = layout.outline.len();
    let ids: Vec<ObjectId> = (0..n).map(|_| doc.new_object_id()).collect();
    // Parent of each entry (by level), and children of each node (None = root).
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(n);
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut children: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    for (k, e) in layout.outline.iter().enumerate() {
        while stack.last().is_some_and(|&(level, _)| level >= e.level) {
            stack.pop();
        }
        let p = stack.last().map(|&(_, idx)| idx);
        parent.push(p);
        children.entry(p).or_default().push(k);
        stack.push((e.level, k));
    }
    let descendants = |k: usize| {
        layout
            .outline
            .iter()
            .skip(k + 1)
            .take_while(|e| e.level > layout.outline[k].level)
            .count()
    };
    for (k, e) in layout.outline.iter().enumerate() {
        let page = pages.get(&(e.page as u32 + 1)).copied().ok_or_else(|| {
            Error::Pdf(format!("bookmark `{}` points past the last page", e.title))
        })?;
        let top = (e.y + 8.0).min(PAGE_HEIGHT);
        let mut d = Dictionary::new();
        d.set("Title", utf16(&e.title));
        d.set(
            "Parent",
            Object::Reference(parent[k].map_or(root, |p| ids[p])),
        );
        d.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(page),
                "XYZ".into(),
                Object::Null,
                Object::Real(top),
                Object::Null,
            ]),
        );
        let siblings = children.get(&parent[k]).map(Vec::as_slice).unwrap_or(&[]);
        let pos = siblings.iter().position(|&s| s == k).unwrap_or(0);
        if pos > 0 {
            d.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(&next) = siblings.get(pos + 1) {
            d.set("Next", Object::Reference(ids[next]));
        }
        if let Some(kids) = children.get(&Some(k))
            && let (Some(&f), Some(&l)) = (kids.first(), kids.last())
        {
            d.set("First", Object::Reference(ids[f]));
            d.set("Last", Object::Reference(ids[l]));
            // Chapters with many entries start closed (negative count).
            let count = descendants(k) as i64;
            d.set("Count", if count > 40 { -count } else { count });
        }
        doc.objects.insert(ids[k], Object::Dictionary(d));
    }
    let top_level = children.get(&None).map(Vec::as_slice).unwrap_or(&[]);
    let mut r = Dictionary::new();
    r.set("Type", "Outlines");
    if let (Some(&f), Some(&l)) = (top_level.first(), top_level.last()) {
        r.set("First", Object::Reference(ids[f]));
        r.set("Last", Object::Reference(ids[l]));
    }
    r.set("Count", top_level.len() as i64);
    doc.objects.insert(root, Object::Dictionary(r));
    doc.catalog_mut()
        .map_err(|e| Error::Pdf(e.to_string()))?
        .set("Outlines", Object::Reference(root));
    Ok(())
}

/// printpdf writes link annotations inline in `/Annots`; the standard wants indirect
/// references, with `/P` pointing back at the page.
fn indirect_annotations(doc: &mut lopdf::Document) {
    for (_, page) in doc.get_pages() {
        let annots = match doc
            .get_dictionary_mut(page)
            .ok()
            .and_then(|d| d.remove(b"Annots"))
        {
            Some(Object::Array(a)) => a,
            _ => continue,
        };
        let mut refs = Vec::with_capacity(annots.len());
        for annot in annots {
            match annot {
                Object::Dictionary(mut d) => {
                    d.set("P", Object::Reference(page));
                    refs.push(Object::Reference(doc.add_object(Object::Dictionary(d))));
                }
                other => refs.push(other),
            }
        }
        if let Ok(d) = doc.get_dictionary_mut(page)
            && !refs.is_empty()
        {
            d.set("Annots", Object::Array(refs));
        }
    }
}

fn finish_catalog(doc: &mut lopdf::Document, meta: &Meta) -> Result<(), Error> {
    let has_outline = doc.catalog().map(|c| c.has(b"Outlines")).unwrap_or(false);
    let catalog = doc.catalog_mut().map_err(|e| Error::Pdf(e.to_string()))?;
    catalog.set(
        "PageMode",
        Object::Name(if has_outline {
            b"UseOutlines".to_vec()
        } else {
            b"UseNone".to_vec()
        }),
    );
    let lang = if meta.lang.is_empty() {
        "fr"
    } else {
        meta.lang.as_str()
    };
    catalog.set("Lang", Object::string_literal(lang));
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", true);
    catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    Ok(())
}

/// Replace the all-zero trailer `/ID` by the first 16 bytes of the file's SHA-256.
/// Same length, and the trailer follows the cross-reference table, so no offset moves.
fn set_file_id(out: &mut [u8]) {
    let digest = Sha256::digest(&*out);
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02X}")).collect();
    let zeros = format!("<{}>", "0".repeat(32));
    let Some(trailer) = find_last(out, b"trailer") else {
        return;
    };
    let mut at = trailer;
    while let Some(pos) = find_from(out, zeros.as_bytes(), at) {
        out[pos + 1..pos + 33].copy_from_slice(hex.as_bytes());
        at = pos + 34;
    }
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn find_from(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}
