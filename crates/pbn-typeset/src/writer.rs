//! A PDF file written object by object.
//!
//! A thousand-page binder has some twenty thousand objects (pages, contents, link annotations, bookmarks). Built
//! as lopdf objects first, they held more memory than the whole laid-out binder: every link annotation was a
//! hash map of boxed values. Here each object is serialised as soon as it is known and only its offset is kept,
//! so the PDF stage holds the output bytes and little else. Objects may be written in any order; ids are
//! reserved up front where an object is referred to before it is written (pages by links and bookmarks).
//!
//! lopdf objects are still written through [`Writer::object`]: the embedded fonts come from printpdf as lopdf
//! objects and are copied, renumbered, with [`Writer::import`].

use std::collections::BTreeMap;
use std::io::Write as _;

use lopdf::{Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};

/// A PDF being written: the bytes so far and the offset of each object.
pub(crate) struct Writer {
    out: Vec<u8>,
    /// Offset of object `n` at index `n - 1`; `None` until written.
    offsets: Vec<Option<usize>>,
    /// Object stream and index of each object written packed ([`Writer::pack`]), at index `n - 1` for object
    /// `n` (a vector, not a map: a tagged binder packs tens of thousands of objects, and the cross-reference
    /// stream looks every number up).
    packed: Vec<Option<(u32, u32)>>,
    /// Packed objects not yet gathered in a stream: their numbers and their offsets in `pack_data`.
    pending: Vec<(u32, usize)>,
    pack_data: Vec<u8>,
    /// Object streams gathered but not yet written: number, object count, offset of the first object, and
    /// the data. They are compressed side by side (unless [`Writer::pack_all`] has) and written at the end
    /// ([`Writer::finish_hashed`]).
    streams: Vec<ObjStm>,
}

/// Objects per object stream: large enough to compress well, small enough to keep one stream's buffer small.
const PACK: usize = 1000;

/// An object stream gathered: its number, object count, the offset of its first object, its data, and whether
/// that data is compressed already.
struct ObjStm {
    id: u32,
    count: usize,
    first: usize,
    data: Vec<u8>,
    compressed: bool,
}

impl Writer {
    /// A PDF 1.7 header, with the binary comment that tells transfer tools the file is not text.
    pub(crate) fn new(capacity: usize) -> Writer {
        let mut out = Vec::with_capacity(capacity);
        out.extend_from_slice(b"%PDF-1.7\n%\xbb\xad\xc0\xde\n");
        Writer {
            out,
            offsets: Vec::new(),
            packed: Vec::new(),
            pending: Vec::new(),
            pack_data: Vec::new(),
            streams: Vec::new(),
        }
    }

    /// A fresh object number, to be written later.
    pub(crate) fn reserve(&mut self) -> u32 {
        self.offsets.push(None);
        self.offsets.len() as u32
    }

    /// `count` consecutive fresh object numbers; the first is returned.
    pub(crate) fn reserve_many(&mut self, count: usize) -> u32 {
        let first = self.offsets.len() as u32 + 1;
        self.offsets.resize(self.offsets.len() + count, None);
        first
    }

    /// Start object `id`: the caller writes its body into the returned buffer, then calls [`Writer::end`].
    pub(crate) fn begin(&mut self, id: u32) -> &mut Vec<u8> {
        if let Some(slot) = self.offsets.get_mut(id as usize - 1) {
            *slot = Some(self.out.len());
        }
        int(&mut self.out, id);
        self.out.extend_from_slice(b" 0 obj\n");
        &mut self.out
    }

    pub(crate) fn end(&mut self) {
        self.out.extend_from_slice(b"\nendobj\n");
    }

    /// Write object `id` whose body is `body`.
    pub(crate) fn raw(&mut self, id: u32, body: &[u8]) {
        self.begin(id).extend_from_slice(body);
        self.end();
    }

    /// Write object `id`, a dictionary or an array (not a stream), compressed with others in an object stream
    /// (ISO 32000-1 7.5.7): the tens of thousands of small structure elements of a tagged binder would otherwise
    /// take most of the file.
    pub(crate) fn pack(&mut self, id: u32, body: &[u8]) {
        self.pending.push((id, self.pack_data.len()));
        self.pack_data.extend_from_slice(body);
        self.pack_data.push(b'\n');
        if self.pending.len() >= PACK {
            self.flush_packed();
        }
    }

    /// Write objects `ids` packed, the body of the `k`-th written by `body(k, out)`: the same file as
    /// [`Writer::pack`] for each in turn, but the object streams they fill are written and compressed side by side
    /// on rayon's pool (a tagged binder's structure tree is tens of thousands of elements).
    pub(crate) fn pack_all(&mut self, ids: &[u32], body: impl Fn(usize, &mut Vec<u8>) + Sync) {
        use rayon::prelude::*;
        // The first ones fill the stream already begun, and the last ones begin the next, as `pack` would.
        let room = (PACK - self.pending.len()).min(ids.len());
        let whole = (ids.len() - room) / PACK * PACK;
        let mut one = Vec::new();
        for (k, &id) in ids.iter().enumerate().take(room) {
            one.clear();
            body(k, &mut one);
            self.pack(id, &one);
        }
        // Numbered as `pack` numbers them: each stream when its last object is packed, nothing in between.
        let streams: Vec<u32> = (0..whole / PACK).map(|_| self.reserve()).collect();
        let built: Vec<ObjStm> = ids[room..room + whole]
            .par_chunks(PACK)
            .zip(&streams)
            .enumerate()
            .map(|(c, (chunk, &stream))| {
                let mut data = Vec::new();
                let mut at = Vec::with_capacity(chunk.len());
                for (j, _) in chunk.iter().enumerate() {
                    at.push(data.len());
                    body(room + c * PACK + j, &mut data);
                    data.push(b'\n');
                }
                let (data, first) = gathered(chunk.iter().copied().zip(at), data);
                ObjStm {
                    id: stream,
                    count: chunk.len(),
                    first,
                    data: crate::content::compress(&data),
                    compressed: true,
                }
            })
            .collect();
        for (chunk, s) in ids[room..room + whole].chunks(PACK).zip(built) {
            for (k, &id) in chunk.iter().enumerate() {
                self.set_packed(id, s.id, k);
            }
            self.streams.push(s);
        }
        for (k, &id) in ids.iter().enumerate().skip(room + whole) {
            one.clear();
            body(k, &mut one);
            self.pack(id, &one);
        }
    }

    /// Record that object `id` is the `k`-th of object stream `stream`.
    fn set_packed(&mut self, id: u32, stream: u32, k: usize) {
        let slot = id as usize - 1;
        if self.packed.len() <= slot {
            self.packed.resize(slot + 1, None);
        }
        self.packed[slot] = Some((stream, k as u32));
    }

    /// Gather the pending packed objects in one object stream, written at the end.
    fn flush_packed(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let stream = self.reserve();
        let pending = std::mem::take(&mut self.pending);
        for (k, &(id, _)) in pending.iter().enumerate() {
            self.set_packed(id, stream, k);
        }
        let (data, first) = gathered(pending.iter().copied(), std::mem::take(&mut self.pack_data));
        self.streams.push(ObjStm {
            id: stream,
            count: pending.len(),
            first,
            data,
            compressed: false,
        });
    }

    /// Write the object streams gathered, compressed on every core (each stream alone: the bytes do not depend
    /// on how many cores there are); meanwhile, what was written before them is hashed. Gives that hasher, fed
    /// with the whole file so far.
    fn write_streams(&mut self) -> Sha256 {
        use rayon::prelude::*;
        let todo = std::mem::take(&mut self.streams);
        let out = &self.out;
        let (mut hasher, streams) = rayon::join(
            || Sha256::new_with_prefix(out),
            || {
                todo.into_par_iter()
                    .map(|mut s| {
                        if !s.compressed {
                            s.data = crate::content::compress(&s.data);
                        }
                        s
                    })
                    .collect::<Vec<ObjStm>>()
            },
        );
        let hashed = self.out.len();
        for s in streams {
            let dict = format!(
                "/Type/ObjStm/N {}/First {}/Filter/FlateDecode",
                s.count, s.first
            );
            self.stream(s.id, dict.as_bytes(), &s.data);
        }
        hasher.update(&self.out[hashed..]);
        hasher
    }

    /// Object stream and index of packed object `n`.
    fn packed(&self, n: usize) -> Option<(u32, u32)> {
        self.packed.get(n.wrapping_sub(1)).copied().flatten()
    }

    /// Write object `id` as a stream with `dict` entries (without `/Length`) and `data`.
    pub(crate) fn stream(&mut self, id: u32, dict: &[u8], data: &[u8]) {
        let out = self.begin(id);
        out.extend_from_slice(b"<<");
        out.extend_from_slice(dict);
        let _ = writeln!(out, "/Length {}>>stream", data.len());
        out.extend_from_slice(data);
        out.extend_from_slice(b"\nendstream");
        self.end();
    }

    /// Write a lopdf object as object `id`, its references renamed by `map`.
    pub(crate) fn object(&mut self, id: u32, obj: &Object, map: &BTreeMap<ObjectId, u32>) {
        let out = self.begin(id);
        serialise(out, obj, map);
        self.end();
    }

    /// Copy `roots` and every object they refer to from `doc`, under fresh numbers. Returns the numbering
    /// (old id → new number), so that the caller can write objects that refer to them.
    pub(crate) fn import(
        &mut self,
        doc: &lopdf::Document,
        roots: &[&Object],
    ) -> BTreeMap<ObjectId, u32> {
        let mut map = BTreeMap::new();
        let mut order = Vec::new();
        let mut todo: Vec<ObjectId> = Vec::new();
        for root in roots {
            references(root, &mut todo);
        }
        todo.reverse();
        while let Some(id) = todo.pop() {
            if map.contains_key(&id) {
                continue;
            }
            let Some(obj) = doc.objects.get(&id) else {
                continue;
            };
            map.insert(id, self.reserve());
            order.push((id, obj));
            let mut more = Vec::new();
            references(obj, &mut more);
            todo.extend(more.into_iter().rev());
        }
        for (id, obj) in order {
            let n = map[&id];
            self.object(n, obj, &map);
        }
        map
    }

    /// [`Writer::finish_hashed`] without the digest.
    #[cfg(test)]
    pub(crate) fn finish(self, root: u32, info: u32) -> Vec<u8> {
        self.finish_hashed(root, info).0
    }

    /// The cross-reference section and trailer; the file and its SHA-256. The `/ID` is the first 16 bytes of the
    /// SHA-256 of everything written before it, so the same objects give the same file; that hash goes on over
    /// the trailer for the whole file's digest, so the file is read once for both (the build's manifest lists
    /// each output's digest).
    pub(crate) fn finish_hashed(mut self, root: u32, info: u32) -> (Vec<u8>, [u8; 32]) {
        self.flush_packed();
        let (mut hasher, id) = id(self.write_streams());
        let start = self.out.len();
        let out = if self.packed.is_empty() {
            self.finish_with_xref_table(root, info, &id)
        } else {
            let xref = self.xref_rows();
            let data = crate::content::deflate(&xref.rows, 1);
            self.finish_with_xref_stream(&xref, &data, root, info, &id)
        };
        hasher.update(&out[start..]);
        (out, hasher.finalize().into())
    }

    /// The end of a file without object streams: a cross-reference table and the trailer.
    fn finish_with_xref_table(mut self, root: u32, info: u32, id: &str) -> Vec<u8> {
        let start = self.out.len();
        let size = self.offsets.len() + 1;
        // Free entries (object 0, and any number reserved but never written) are chained: each gives the next
        // free number, the last 0 (ISO 32000 7.5.4).
        let free: Vec<usize> = self
            .offsets
            .iter()
            .enumerate()
            .filter(|(_, o)| o.is_none())
            .map(|(i, _)| i + 1)
            .collect();
        let next_free = |after: usize| free.iter().copied().find(|&n| n > after).unwrap_or(0);
        let _ = writeln!(self.out, "xref\n0 {size}\n{:010} 65535 f ", next_free(0));
        for (i, offset) in self.offsets.iter().enumerate() {
            match offset {
                Some(at) => {
                    let _ = writeln!(self.out, "{at:010} 00000 n ");
                }
                None => {
                    let _ = writeln!(self.out, "{:010} 00001 f ", next_free(i + 1));
                }
            }
        }
        let _ = write!(
            self.out,
            "trailer\n<</Size {size}/Root {root} 0 R/Info {info} 0 R/ID[<{id}><{id}>]>>\nstartxref\n{start}\n%%EOF\n"
        );
        self.out
    }
}

impl Writer {
    /// The rows of the cross-reference stream that ends a file with object streams (ISO 32000-1 7.5.8) — a
    /// table cannot point into object streams —, its object number reserved and placed at the end of the file.
    fn xref_rows(&mut self) -> XrefRows {
        let id = self.reserve();
        let start = self.out.len();
        if let Some(slot) = self.offsets.last_mut() {
            *slot = Some(start);
        }
        let size = self.offsets.len() + 1;
        let free: Vec<usize> = (1..size)
            .filter(|&n| self.offsets[n - 1].is_none() && self.packed(n).is_none())
            .collect();
        let next_free = |after: usize| free.iter().copied().find(|&n| n > after).unwrap_or(0);
        // Entries of 1 + 4 + 2 bytes: type, then offset (1) / stream number (2) / next free number (0), then
        // generation (1, 0) / index in the stream (2).
        let mut rows = Vec::with_capacity(size * 7);
        let mut row = |kind: u8, a: usize, b: u32| {
            rows.push(kind);
            rows.extend_from_slice(&(a as u32).to_be_bytes());
            rows.extend_from_slice(&(b as u16).to_be_bytes());
        };
        row(0, next_free(0), 0xFFFF);
        for n in 1..size {
            match (self.offsets[n - 1], self.packed(n)) {
                (Some(at), _) => row(1, at, 0),
                (None, Some((stream, index))) => row(2, stream as usize, index),
                (None, None) => row(0, next_free(n), 1),
            }
        }
        XrefRows {
            id,
            start,
            size,
            rows,
        }
    }

    /// The end of a file with object streams: the cross-reference stream (`data`, its rows compressed), holding
    /// the trailer's entries. `/ID` as in [`Writer::finish_hashed`].
    fn finish_with_xref_stream(
        mut self,
        xref: &XrefRows,
        data: &[u8],
        root: u32,
        info: u32,
        id: &str,
    ) -> Vec<u8> {
        let XrefRows {
            id: xref,
            start,
            size,
            ..
        } = xref;
        let _ = write!(
            self.out,
            "{xref} 0 obj\n<</Type/XRef/Size {size}/W[1 4 2]/Root {root} 0 R/Info {info} 0 R/ID[<{id}><{id}>]\
             /Filter/FlateDecode/Length {}>>stream\n",
            data.len()
        );
        self.out.extend_from_slice(data);
        let _ = write!(self.out, "\nendstream\nendobj\nstartxref\n{start}\n%%EOF\n");
        self.out
    }
}

/// The `/ID` of a file whose bytes before its cross-reference section `hasher` was fed with: the first 16 bytes
/// of their SHA-256. The hasher is given back, to go on over the rest of the file.
fn id(hasher: Sha256) -> (Sha256, String) {
    let id = hasher
        .clone()
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02X}"))
        .collect();
    (hasher, id)
}

/// An object stream's data (ISO 32000-1 7.5.7): the pairs of object number and offset in `objects`, then the
/// objects; and the offset of the first object.
fn gathered(index: impl Iterator<Item = (u32, usize)>, mut objects: Vec<u8>) -> (Vec<u8>, usize) {
    let mut head = Vec::with_capacity(PACK * 12 + objects.len());
    for (k, (id, at)) in index.enumerate() {
        if k > 0 {
            head.push(b' ');
        }
        int(&mut head, id);
        head.push(b' ');
        int(&mut head, at);
    }
    head.push(b'\n');
    let first = head.len();
    head.append(&mut objects);
    (head, first)
}

/// The cross-reference stream of a file, before compression: its object number, where it starts, the number of
/// objects (`/Size`) and one row per object.
struct XrefRows {
    id: u32,
    start: usize,
    size: usize,
    rows: Vec<u8>,
}

/// Every reference in `obj`, in the order written.
fn references(obj: &Object, out: &mut Vec<ObjectId>) {
    match obj {
        Object::Reference(id) => out.push(*id),
        Object::Array(items) => items.iter().for_each(|o| references(o, out)),
        Object::Dictionary(d) => d.iter().for_each(|(_, o)| references(o, out)),
        Object::Stream(s) => s.dict.iter().for_each(|(_, o)| references(o, out)),
        _ => {}
    }
}

/// A name with the characters the syntax reserves written as `#xx` (ISO 32000 7.3.5).
pub(crate) fn name(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'/');
    for &b in bytes {
        if b.is_ascii_graphic() && !b"#/()<>[]{}%".contains(&b) {
            out.push(b);
        } else {
            let _ = write!(out, "#{b:02X}");
        }
    }
}

/// A string as `<hex>`.
pub(crate) fn hex_string(out: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.reserve(bytes.len() * 2 + 2);
    out.push(b'<');
    for &b in bytes {
        out.push(HEX[usize::from(b >> 4)]);
        out.push(HEX[usize::from(b & 15)]);
    }
    out.push(b'>');
}

/// Appends `n` in decimal.
pub(crate) fn int(out: &mut Vec<u8>, n: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Text as a UTF-16BE string with its byte-order mark, the form every reader shows accents from.
pub(crate) fn text_string(out: &mut Vec<u8>, text: &str) {
    let mut bytes = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    hex_string(out, &bytes);
}

/// A string as `(literal)`, escaping what the syntax reserves.
pub(crate) fn literal_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        literal_byte(out, b);
    }
    out.push(b')');
}

/// One byte inside a `(literal)` string: the delimiters and the backslash escaped, a carriage return written
/// `\r` (a raw one would be read as a line end).
#[inline]
pub(crate) fn literal_byte(out: &mut Vec<u8>, b: u8) {
    match b {
        b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
        b'\r' => out.extend_from_slice(b"\\r"),
        _ => out.push(b),
    }
}

/// A lopdf object in PDF syntax, its references renamed by `map` (unknown ones written `null`).
pub(crate) fn serialise(out: &mut Vec<u8>, obj: &Object, map: &BTreeMap<ObjectId, u32>) {
    match obj {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Object::Real(r) => {
            let r = if r.is_finite() { *r } else { 0.0 };
            let _ = write!(out, "{r}");
        }
        Object::Name(n) => name(out, n),
        Object::String(s, StringFormat::Literal) => literal_string(out, s),
        Object::String(s, StringFormat::Hexadecimal) => hex_string(out, s),
        Object::Array(items) => {
            out.push(b'[');
            for (i, o) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                serialise(out, o, map);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => dictionary(out, d.iter(), map, None),
        Object::Stream(s) => {
            let entries = s.dict.iter().filter(|(k, _)| k.as_slice() != b"Length");
            dictionary(out, entries, map, Some(s.content.len()));
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference(id) => {
            // A reference to an object that was not imported would dangle: `null` is what a reader
            // takes it for anyway (ISO 32000 7.3.10).
            match map.get(id) {
                Some(n) => {
                    let _ = write!(out, "{n} 0 R");
                }
                None => out.extend_from_slice(b"null"),
            }
        }
    }
}

fn dictionary<'a>(
    out: &mut Vec<u8>,
    entries: impl Iterator<Item = (&'a Vec<u8>, &'a Object)>,
    map: &BTreeMap<ObjectId, u32>,
    length: Option<usize>,
) {
    out.extend_from_slice(b"<<");
    for (key, value) in entries {
        name(out, key);
        if !matches!(
            value,
            Object::Name(_) | Object::String(..) | Object::Array(_) | Object::Dictionary(_)
        ) {
            out.push(b' ');
        }
        serialise(out, value, map);
    }
    if let Some(len) = length {
        let _ = write!(out, "/Length {len}");
    }
    out.extend_from_slice(b">>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Dictionary, Stream};

    #[test]
    fn names_and_strings_are_escaped() {
        let mut out = Vec::new();
        name(&mut out, b"A b#(c)");
        out.push(b' ');
        literal_string(&mut out, b"a(b)\\c\r");
        out.push(b' ');
        hex_string(&mut out, &[0, 0xAB]);
        assert_eq!(out, b"/A#20b#23#28c#29 (a\\(b\\)\\\\c\\r) <00AB>");
    }

    #[test]
    fn packed_objects_read_back_through_the_cross_reference_stream() {
        let mut w = Writer::new(0);
        let (catalog, pages, info) = (w.reserve(), w.reserve(), w.reserve());
        let first = w.reserve_many(2500);
        let unused = w.reserve();
        w.raw(
            catalog,
            format!("<</Type/Catalog/Pages {pages} 0 R>>").as_bytes(),
        );
        w.raw(pages, b"<</Type/Pages/Kids[]/Count 0>>");
        w.raw(info, b"<</Title(x)>>");
        for k in 0..2500 {
            w.pack(first + k, format!("<</N {k}/P {catalog} 0 R>>").as_bytes());
        }
        let pdf = w.finish(catalog, info);
        let doc = lopdf::Document::load_mem(&pdf).expect("lopdf reads it");
        for k in [0u32, 999, 1000, 2499] {
            let d = doc.get_dictionary((first + k, 0)).expect("packed object");
            assert_eq!(
                d.get(b"N").and_then(Object::as_i64).ok(),
                Some(i64::from(k))
            );
        }
        assert!(
            doc.get_object((unused, 0)).is_err(),
            "reserved, never written"
        );
        assert!(String::from_utf8_lossy(&pdf).contains("/Type/XRef"));
    }

    #[test]
    fn the_digest_given_with_a_file_is_the_whole_files() {
        for packed in [false, true] {
            let mut w = Writer::new(0);
            let (catalog, pages, info) = (w.reserve(), w.reserve(), w.reserve());
            w.raw(
                catalog,
                format!("<</Type/Catalog/Pages {pages} 0 R>>").as_bytes(),
            );
            w.raw(pages, b"<</Type/Pages/Kids[]/Count 0>>");
            if packed {
                let n = w.reserve();
                w.pack(n, b"<</N 1>>");
            }
            w.raw(info, b"<</Title(x)>>");
            let (pdf, digest) = w.finish_hashed(catalog, info);
            assert_eq!(
                digest,
                <[u8; 32]>::from(Sha256::digest(&pdf)),
                "packed: {packed}"
            );
        }
    }

    #[test]
    fn a_written_file_reads_back() {
        let mut w = Writer::new(0);
        let (catalog, pages, info, page) = (w.reserve(), w.reserve(), w.reserve(), w.reserve());
        let unused = w.reserve();
        let content = w.reserve();
        let mut d = Dictionary::new();
        d.set("Type", "Catalog");
        d.set("Pages", Object::Reference((2, 0)));
        let map = BTreeMap::from([((2, 0), pages)]);
        w.object(catalog, &Object::Dictionary(d), &map);
        w.raw(
            pages,
            format!("<</Type/Pages/Kids[{page} 0 R]/Count 1>>").as_bytes(),
        );
        let mut info_body = b"<</Title".to_vec();
        text_string(&mut info_body, "Été");
        info_body.extend_from_slice(b">>");
        w.raw(info, &info_body);
        w.raw(
            page,
            format!("<</Type/Page/Parent {pages} 0 R/MediaBox[0 0 10 10]/Contents {content} 0 R>>")
                .as_bytes(),
        );
        w.stream(content, b"", b"0 0 5 5 re f");
        let stream = Stream::new(Dictionary::new(), b"xyz".to_vec());
        let pdf = w.finish(catalog, info);
        let doc = lopdf::Document::load_mem(&pdf).expect("lopdf reads it");
        assert_eq!(doc.get_pages().len(), 1);
        assert!(
            doc.get_object((unused, 0)).is_err(),
            "reserved, never written"
        );
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/ID[<") && text.ends_with("%%EOF\n"));
        let mut out = Vec::new();
        serialise(&mut out, &Object::Stream(stream), &BTreeMap::new());
        assert_eq!(out, b"<</Length 3>>stream\nxyz\nendstream");
    }
}
