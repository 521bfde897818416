//! Export: pages of positioned items written as a PDF.
//!
//! No layout decision is made here. The fonts are subset to the glyphs the pages use (allsorts, which printpdf
//! already depends on: no `text_layout` feature needed), named `F1`…`F5` with a subset tag derived from the glyph
//! set, and embedded by printpdf (Type0/CIDFontType2 with `/W` and `/ToUnicode`) on a one-page document of which
//! only the font objects are kept. Everything else is written by `writer.rs`, object by object: page contents
//! encoded in `content.rs`, link annotations, the outline (nested, in document order, each bookmark pointing at
//! its heading rather than the page top), the document information, and a trailer `/ID` from a SHA-256 of the
//! file. [`prepare`] and [`Prepared::write`] split the work where the document and its positioned text are no
//! longer needed. Nothing depends on the clock or on a process-wide counter, so the same layout gives the same
//! bytes.

use std::collections::{BTreeMap, BTreeSet};

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use allsorts::tables::FontTableProvider;
use std::io::Write as _;

use lopdf::{Object, ObjectId};
use printpdf::{
    FontId, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfParseErrorSeverity,
    PdfSaveOptions, Pt, Rect, TextItem,
};
use sha2::{Digest, Sha256};

use crate::content::{self, GlyphMap};
use crate::doc::Meta;
use crate::font::{Face, Font, fonts};
use crate::layout::{Item, Layout, Overflow, PAGE_HEIGHT, PAGE_WIDTH, Page};
use crate::structure::{self, PageMarks};
use crate::writer::{self, Writer};
use crate::{Document, Error, Target};

/// Each page's compressed content stream and the structure node of each of its MCIDs.
type Encoded = Vec<(Vec<u8>, Vec<u32>)>;

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
    /// The SHA-256 of `pdf`, taken while it was written.
    pub sha256: [u8; 32],
}

/// Lay out and write a document: [`crate::layout`], then the file.
pub fn render_pdf(doc: &Document) -> Result<Rendered, Error> {
    Prepared::new(crate::layout(doc)?, doc.meta.clone())?.write()
}

/// A laid-out document reduced to what its file is written from: page contents encoded and compressed, fonts
/// embedded, links and bookmarks. The document and the positioned text are freed by then, so the writing
/// holds little more than the file itself; a caller can start other memory-hungry work at this point.
pub struct Prepared {
    /// Pages with only their links left.
    layout: Layout,
    contents: Encoded,
    fonts: Embedded,
    meta: Meta,
}

/// Lay out `doc` (freed afterwards), embed the fonts it uses and encode its pages.
pub fn prepare(doc: Document) -> Result<Prepared, Error> {
    let layout = crate::layout(&doc)?;
    let meta = doc.meta.clone();
    drop(doc);
    Prepared::new(layout, meta)
}

impl Prepared {
    /// A document already laid out ([`crate::layout`]), prepared for writing like [`prepare`] does: for a
    /// caller that lays out more than once (page references) or assembles pages laid out apart.
    pub fn from_layout(layout: Layout, meta: Meta) -> Result<Prepared, Error> {
        Prepared::new(layout, meta)
    }

    /// Embed the fonts `layout` uses and encode its pages; the pages keep only their links.
    fn new(mut layout: Layout, meta: Meta) -> Result<Prepared, Error> {
        let (fonts, contents) = encode(&layout)?;
        for page in &mut layout.pages {
            page.items.retain(|item| matches!(item, Item::Link { .. }));
            page.items.shrink_to_fit();
        }
        Ok(Prepared {
            layout,
            contents,
            fonts,
            meta,
        })
    }

    /// Write the file.
    pub fn write(self) -> Result<Rendered, Error> {
        let (pdf, sha256) = write_encoded(&self.layout, self.contents, self.fonts, &self.meta)?;
        Ok(Rendered {
            pdf,
            sha256,
            pages: self.layout.pages.len(),
            overflows: self.layout.overflows,
            broken_links: self.layout.broken_links,
        })
    }
}

/// Subset and embed the fonts the pages use, and encode each page's content stream.
fn encode(layout: &Layout) -> Result<(Embedded, Encoded), Error> {
    let faces = fonts()?;
    let used = used_chars(&layout.pages);
    // Each face is subset on its own core.
    let subsets = {
        use rayon::prelude::*;
        Font::ALL
            .par_iter()
            .filter(|font| !used[font.index()].is_empty())
            .map(|&font| {
                let chars = &used[font.index()];
                subset(faces.face(font), font, chars).map(|parsed| (font, parsed, chars))
            })
            .collect::<Result<Vec<_>, Error>>()?
    };
    let mut glyphs = vec![GlyphMap::default(); Font::ALL.len()];
    for (font, parsed, _) in &subsets {
        glyphs[font.index()] = GlyphMap::new(parsed);
    }
    // The pages need only the glyph numbers: they are encoded while the fonts are embedded.
    let (fonts, pages) = rayon::join(
        || embed_fonts(subsets),
        || content::encode_all(&layout.pages, &glyphs, &layout.structure),
    );
    Ok((fonts?, pages))
}

/// Write laid-out pages as a PDF.
pub fn write_pdf(layout: &Layout, meta: &Meta) -> Result<Vec<u8>, Error> {
    let (fonts, contents) = encode(layout)?;
    write_encoded(layout, contents, fonts, meta).map(|(pdf, _)| pdf)
}

/// Write the file, object after object (see [`crate::writer`]); `contents` are the pages' encoded streams.
/// Also gives the file's SHA-256.
fn write_encoded(
    layout: &Layout,
    contents: Encoded,
    fonts: Embedded,
    meta: &Meta,
) -> Result<(Vec<u8>, [u8; 32]), Error> {
    let size: usize = contents.iter().map(|(c, _)| c.len()).sum();
    let mut w = Writer::new(size + layout.pages.len() * 400 + (1 << 20));
    let catalog = w.reserve();
    let tree = w.reserve();
    let info = w.reserve();
    let resources = w.reserve();
    write_info(&mut w, info, meta);
    let map = match fonts.font_dict() {
        Some(dict) => {
            let map = w.import(&fonts, &[dict]);
            let mut body = b"<</Font".to_vec();
            writer::serialise(&mut body, dict, &map);
            body.extend_from_slice(b">>");
            w.raw(resources, &body);
            map
        }
        None if fonts.1 > 0 => {
            return Err(Error::Pdf(
                "the embedded fonts are missing from printpdf's output".into(),
            ));
        }
        None => {
            w.raw(resources, b"<<>>");
            BTreeMap::new()
        }
    };
    drop((fonts, map));
    let first = w.reserve_many(layout.pages.len());
    let page_id = |p: usize| first + p as u32;
    let mut body = Vec::new();
    let mut marks: Vec<PageMarks> = Vec::with_capacity(layout.pages.len());
    // Parent-tree keys: pages take 0..n, link annotations the numbers after.
    let mut next_key = layout.pages.len();
    for (i, (page, (content, mcids))) in layout.pages.iter().zip(contents).enumerate() {
        let links: Vec<(&Item, Option<(usize, f32)>)> = page
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Link {
                    target: Target::External(_),
                    ..
                } => Some((item, None)),
                Item::Link {
                    target: Target::Internal(anchor),
                    ..
                } => layout.anchors.get(anchor).map(|&dest| (item, Some(dest))),
                _ => None,
            })
            .collect();
        let contents_id = w.reserve();
        let first_link = w.reserve_many(links.len());
        body.clear();
        let _ = write!(
            body,
            "<</Type/Page/Parent {tree} 0 R/MediaBox[0 0 {PAGE_BOX}]/TrimBox[0 0 {PAGE_BOX}]/CropBox[0 0 {PAGE_BOX}]\
             /Resources {resources} 0 R/Contents {contents_id} 0 R/StructParents {i}/Tabs/S"
        );
        if !links.is_empty() {
            body.extend_from_slice(b"/Annots[");
            for k in 0..links.len() {
                let sep = if k == 0 { "" } else { " " };
                let _ = write!(body, "{sep}{} 0 R", first_link + k as u32);
            }
            body.push(b']');
        }
        body.extend_from_slice(b">>");
        w.raw(page_id(i), &body);
        w.stream(contents_id, b"/Filter/FlateDecode", &content);
        drop(content);
        let mut page_marks = PageMarks {
            mcids,
            annots: Vec::new(),
        };
        for (k, (item, dest)) in links.into_iter().enumerate() {
            let Item::Link {
                x,
                y,
                w: lw,
                h,
                target,
                tag,
            } = item
            else {
                continue;
            };
            let annot = first_link + k as u32;
            body.clear();
            body.extend_from_slice(b"<</Type/Annot/Subtype/Link/Rect[");
            content::nums_list(&mut body, &[*x, *y, x + lw, y + h]);
            let _ = write!(body, "]/Border[0 0 0]/C[]/H/I/P {} 0 R", page_id(i));
            if *tag != 0 {
                let _ = write!(body, "/StructParent {next_key}");
                next_key += 1;
                page_marks.annots.push((annot, *tag));
            }
            body.extend_from_slice(b"/A<<");
            match (target, dest) {
                (_, Some((p, top))) => {
                    let _ = write!(body, "/S/GoTo/D[{} 0 R/XYZ null ", page_id(p));
                    content::nums_list(&mut body, &[(top + 8.0).min(PAGE_HEIGHT)]);
                    body.extend_from_slice(b" null]");
                }
                (Target::External(url), None) => {
                    body.extend_from_slice(b"/S/URI/URI");
                    writer::literal_string(&mut body, uri_ascii(url).as_bytes());
                }
                (Target::Internal(_), None) => {}
            }
            body.extend_from_slice(b">>>>");
            w.raw(annot, &body);
        }
        marks.push(page_marks);
    }
    body.clear();
    let _ = write!(body, "<</Type/Pages/Count {}/Kids[", layout.pages.len());
    for p in 0..layout.pages.len() {
        let sep = if p == 0 { "" } else { " " };
        let _ = write!(body, "{sep}{} 0 R", page_id(p));
    }
    body.extend_from_slice(b"]>>");
    w.raw(tree, &body);
    let outline = write_outline(&mut w, layout, page_id)?;
    let structure = structure::write(&mut w, &layout.structure, &marks, page_id);
    drop(marks);
    let metadata = w.reserve();
    w.stream(
        metadata,
        b"/Type/Metadata/Subtype/XML",
        xmp(meta, &pdf_date(meta)).as_bytes(),
    );
    write_catalog(
        &mut w,
        catalog,
        Catalog {
            tree,
            outline,
            structure,
            metadata,
        },
        meta,
    );
    Ok(w.finish_hashed(catalog, info))
}

/// A URI as ISO 32000 12.6.4.7 wants it, 7-bit ASCII: other bytes, controls and spaces percent-encoded.
fn uri_ascii(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for &b in url.as_bytes() {
        if b.is_ascii_graphic() {
            out.push(char::from(b));
        } else {
            let _ = std::fmt::Write::write_fmt(&mut out, format_args!("%{b:02X}"));
        }
    }
    out
}

/// `595.28 841.89`: A4 in points.
const PAGE_BOX: &str = "595.28 841.89";

/// The embedded fonts, as printpdf writes them (Type0 over CIDFontType2, with `/W` and `/ToUnicode`): a
/// one-page printpdf document that shows every used character once, of which only the fonts are kept.
/// The document, and how many faces it embeds.
struct Embedded(lopdf::Document, usize);

impl Embedded {
    /// The page's `/Font` resource dictionary (`/F1` → font…).
    fn font_dict(&self) -> Option<&Object> {
        let doc = &self.0;
        let (_, page) = doc.get_pages().into_iter().next()?;
        let resources = doc.get_dictionary(page).ok()?.get(b"Resources").ok()?;
        let resources = match resources {
            Object::Reference(id) => doc.get_object(*id).ok()?,
            other => other,
        };
        let fonts = resources.as_dict().ok()?.get(b"Font").ok()?;
        match fonts {
            Object::Reference(id) => doc.get_object(*id).ok(),
            other => Some(other),
        }
    }
}

impl std::ops::Deref for Embedded {
    type Target = lopdf::Document;
    fn deref(&self) -> &lopdf::Document {
        &self.0
    }
}

fn embed_fonts(subsets: Vec<(Font, ParsedFont, &BTreeSet<char>)>) -> Result<Embedded, Error> {
    let mut pdf = PdfDocument::new("");
    let mut usage = vec![Op::StartTextSection];
    let count = subsets.len();
    for (font, parsed, chars) in subsets {
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
    let media = Rect::from_wh(Pt(PAGE_WIDTH), Pt(PAGE_HEIGHT));
    pdf.with_pages(vec![PdfPage {
        media_box: media.clone(),
        trim_box: media.clone(),
        crop_box: media,
        ops: usage,
    }]);
    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut doc = pdf.to_lopdf_document(&opts, &mut warnings);
    if let Some(w) = warnings
        .iter()
        .find(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        return Err(Error::Pdf(w.msg.clone()));
    }
    compress_streams(&mut doc);
    Ok(Embedded(doc, count))
}

/// lopdf's `compress` deflates each remaining stream (fonts, `/ToUnicode`) at level 9, one after the other:
/// a sixth of the PDF stage. They are compressed like the pages instead (level 1, each thread's compressor), on
/// rayon's pool beside the pages' encoding: the font files come out about a tenth larger than at level 6 (a few
/// kilobytes), for a third of the time.
fn compress_streams(doc: &mut lopdf::Document) {
    use rayon::prelude::*;
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
    let packed: Vec<(ObjectId, Vec<u8>)> = todo
        .par_iter()
        .filter_map(|&(id, data)| {
            let z = content::compress(data);
            (z.len() + 19 < data.len()).then_some((id, z))
        })
        .collect();
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
    use rayon::prelude::*;
    // The pages are read on every core, each core into its own sets, merged at the end.
    let mut used = pages
        .par_iter()
        .fold(UsedChars::default, |mut used, page| {
            used.page(page);
            used
        })
        .reduce(UsedChars::default, UsedChars::merge);
    used.ready();
    let UsedChars(bmp, other) = used;
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

/// The characters each face draws: a bitmap of the BMP per face (set-inserting every character is the slow way),
/// and a set for the rest. Empty until a page is read: merging an unused one costs nothing.
#[derive(Default)]
struct UsedChars(Vec<Vec<u64>>, Vec<BTreeSet<char>>);

impl UsedChars {
    /// One bitmap and one set per face, from now on.
    fn ready(&mut self) {
        if self.0.is_empty() {
            self.0 = vec![vec![0u64; 1024]; Font::ALL.len()];
            self.1 = vec![BTreeSet::new(); Font::ALL.len()];
        }
    }

    fn page(&mut self, page: &Page) {
        self.ready();
        for item in &page.items {
            if let Item::Text { font, text, .. } = item {
                let bits = &mut self.0[font.index()];
                for c in text.chars() {
                    let cp = c as usize;
                    match bits.get_mut(cp / 64) {
                        Some(w) => *w |= 1 << (cp % 64),
                        None => {
                            self.1[font.index()].insert(c);
                        }
                    }
                }
            }
        }
    }

    fn merge(mut self, other: UsedChars) -> UsedChars {
        if self.0.is_empty() {
            return other;
        }
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            mine.iter_mut().zip(theirs).for_each(|(a, b)| *a |= b);
        }
        for (mine, theirs) in self.1.iter_mut().zip(other.1) {
            mine.extend(theirs);
        }
        self
    }
}

/// The face reduced to the glyphs of `chars`, renamed `TAG+Name`.
fn subset(face: &Face, font: Font, chars: &BTreeSet<char>) -> Result<ParsedFont, Error> {
    let gids: BTreeSet<u16> = chars
        .iter()
        .filter_map(|&c| face.glyph_id(c))
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

/// The document's language tag (French unless told).
fn lang(meta: &Meta) -> &str {
    if meta.lang.is_empty() {
        "fr"
    } else {
        meta.lang.as_str()
    }
}

/// The creation date (the epoch when none is given; the clock is never read).
fn pdf_date(meta: &Meta) -> crate::DateTime {
    meta.creation_date.unwrap_or(crate::DateTime {
        year: 1970,
        month: 1,
        day: 1,
        ..Default::default()
    })
}

/// XMP metadata (ISO 16684-1) repeating the document information: title, author, subject, language, tool and
/// dates — what PDF/UA and archiving tools read.
fn xmp(meta: &Meta, d: &crate::DateTime) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let date = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        d.year, d.month, d.day, d.hour, d.minute, d.second
    );
    let mut x = String::from(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n\
         <dc:format>application/pdf</dc:format>\n",
    );
    let lang = esc(lang(meta));
    let alt = |tag: &str, v: &str| {
        format!(
            "<dc:{tag}><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:{tag}>\n",
            esc(v)
        )
    };
    x.push_str(&alt("title", &meta.title));
    if !meta.subject.is_empty() {
        x.push_str(&alt("description", &meta.subject));
    }
    if !meta.author.is_empty() {
        x.push_str(&format!(
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            esc(&meta.author)
        ));
    }
    x.push_str(&format!(
        "<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>\n\
         <pdf:Producer>{}</pdf:Producer>\n<xmp:CreatorTool>pbn</xmp:CreatorTool>\n\
         <xmp:CreateDate>{date}</xmp:CreateDate>\n<xmp:ModifyDate>{date}</xmp:ModifyDate>\n\
         <xmp:MetadataDate>{date}</xmp:MetadataDate>\n\
         </rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>",
        esc(PRODUCER)
    ));
    x
}

fn write_info(w: &mut Writer, id: u32, meta: &Meta) {
    let d = pdf_date(meta);
    let date = format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}+00'00'",
        d.year, d.month, d.day, d.hour, d.minute, d.second
    );
    let mut body = b"<<".to_vec();
    for (key, value) in [
        ("Title", meta.title.as_str()),
        ("Author", meta.author.as_str()),
        ("Subject", meta.subject.as_str()),
        ("Creator", "pbn"),
        ("Producer", PRODUCER),
    ] {
        if !value.is_empty() {
            writer::name(&mut body, key.as_bytes());
            writer::text_string(&mut body, value);
        }
    }
    for key in ["CreationDate", "ModDate"] {
        writer::name(&mut body, key.as_bytes());
        writer::literal_string(&mut body, date.as_bytes());
    }
    body.extend_from_slice(b"/Trapped/False>>");
    w.raw(id, &body);
}

const PRODUCER: &str = concat!(
    "pbn-typeset ",
    env!("CARGO_PKG_VERSION"),
    " (printpdf 0.12.8)"
);

/// A nested outline in document order; each bookmark points at its heading. Returns the outline's root.
fn write_outline(
    w: &mut Writer,
    layout: &Layout,
    page_id: impl Fn(usize) -> u32,
) -> Result<Option<u32>, Error> {
    if layout.outline.is_empty() {
        return Ok(None);
    }
    let root = w.reserve();
    let n = layout.outline.len();
    let first = w.reserve_many(n);
    let ids = |k: usize| first + k as u32;
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
    let (open, visible) = outline_counts(layout, &children);
    let mut body = Vec::new();
    for (k, e) in layout.outline.iter().enumerate() {
        if e.page >= layout.pages.len() {
            return Err(Error::Pdf(format!(
                "bookmark `{}` points past the last page",
                e.title
            )));
        }
        body.clear();
        body.extend_from_slice(b"<</Title");
        writer::text_string(&mut body, &e.title);
        let up = parent[k].map_or(root, ids);
        let _ = write!(
            body,
            "/Parent {up} 0 R/Dest[{} 0 R/XYZ null ",
            page_id(e.page)
        );
        content::nums_list(&mut body, &[(e.y + 8.0).min(PAGE_HEIGHT)]);
        body.extend_from_slice(b" null]");
        let siblings = children.get(&parent[k]).map(Vec::as_slice).unwrap_or(&[]);
        let pos = siblings.iter().position(|&s| s == k).unwrap_or(0);
        if pos > 0 {
            let _ = write!(body, "/Prev {} 0 R", ids(siblings[pos - 1]));
        }
        if let Some(&next) = siblings.get(pos + 1) {
            let _ = write!(body, "/Next {} 0 R", ids(next));
        }
        if let Some(kids) = children.get(&Some(k))
            && let (Some(&f), Some(&l)) = (kids.first(), kids.last())
        {
            // ISO 32000 12.3.3: the visible descendants, negative when the entry starts closed.
            let count = visible[k] as i64;
            let count = if open[k] { count } else { -count };
            let _ = write!(
                body,
                "/First {} 0 R/Last {} 0 R/Count {count}",
                ids(f),
                ids(l)
            );
        }
        body.extend_from_slice(b">>");
        w.raw(ids(k), &body);
    }
    let top_level = children.get(&None).map(Vec::as_slice).unwrap_or(&[]);
    body.clear();
    body.extend_from_slice(b"<</Type/Outlines");
    if let (Some(&f), Some(&l)) = (top_level.first(), top_level.last()) {
        let _ = write!(body, "/First {} 0 R/Last {} 0 R", ids(f), ids(l));
    }
    // The root counts every entry visible when the document opens, at all levels.
    let shown: usize = top_level
        .iter()
        .map(|&t| 1 + if open[t] { visible[t] } else { 0 })
        .sum();
    let _ = write!(body, "/Count {shown}>>");
    w.raw(root, &body);
    Ok(Some(root))
}

/// Entries with more than this many descendants start closed, so that a binder's outline opens short.
const OUTLINE_OPEN_MAX: usize = 40;

/// Whether each entry starts open, and how many of its descendants are visible when it is open (its children,
/// and their own visible descendants for those that are open themselves).
fn outline_counts(
    layout: &Layout,
    children: &BTreeMap<Option<usize>, Vec<usize>>,
) -> (Vec<bool>, Vec<usize>) {
    let n = layout.outline.len();
    let open: Vec<bool> = (0..n)
        .map(|k| {
            let level = layout.outline[k].level;
            let descendants = layout.outline[k + 1..]
                .iter()
                .take_while(|e| e.level > level)
                .count();
            descendants <= OUTLINE_OPEN_MAX
        })
        .collect();
    let mut visible = vec![0usize; n];
    // Children follow their parent: from the last entry up, each one's children are done before it.
    for k in (0..n).rev() {
        visible[k] = children.get(&Some(k)).map_or(0, |kids| {
            kids.iter()
                .map(|&c| 1 + if open[c] { visible[c] } else { 0 })
                .sum()
        });
    }
    (open, visible)
}

/// The objects the catalogue points at.
struct Catalog {
    tree: u32,
    outline: Option<u32>,
    structure: u32,
    metadata: u32,
}

fn write_catalog(w: &mut Writer, id: u32, c: Catalog, meta: &Meta) {
    let mut body = Vec::new();
    let _ = write!(
        body,
        "<</Type/Catalog/Pages {} 0 R/PageLayout/OneColumn/StructTreeRoot {} 0 R\
         /MarkInfo<</Marked true>>/Metadata {} 0 R",
        c.tree, c.structure, c.metadata
    );
    match c.outline {
        Some(root) => {
            let _ = write!(body, "/Outlines {root} 0 R/PageMode/UseOutlines");
        }
        None => body.extend_from_slice(b"/PageMode/UseNone"),
    }
    body.extend_from_slice(b"/Lang");
    writer::literal_string(&mut body, lang(meta).as_bytes());
    // /Lang and /ViewerPreferences /DisplayDocTitle are PDF 1.4; the file says 1.7.
    body.extend_from_slice(b"/ViewerPreferences<</DisplayDocTitle true>>>>");
    w.raw(id, &body);
}
