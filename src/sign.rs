//! Signatures in minisign's own formats (the `minisign` crate), so that a reviewer can check a submission with
//! `minisign -Vm FILE -p KEY.pub` as well as with `pbn verify FILE --pubkey KEY.pub`:
//! - `pbn keygen --out KEY` writes the secret key `KEY` (encrypted with a passphrase unless `--unencrypted`)
//!   and the public key `KEY.pub`;
//! - `pbn sign FILE --key KEY` writes `FILE.minisig` (a prehashed Ed25519 signature, minisign's default);
//! - [`verify`] checks `FILE` against `FILE.minisig`.
//!
//! The passphrase comes from `PBN_KEY_PASSWORD`, else it is asked on the terminal (never echoed); without
//! either, key generation and signing with an encrypted key stop with an error saying so.

use minisign::{KeyPair, PublicKey, PublicKeyBox, SecretKey, SecretKeyBox, SignatureBox};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

pub const PASSWORD_VAR: &str = "PBN_KEY_PASSWORD";

/// `FILE.minisig`.
pub fn signature_path(file: &Path) -> PathBuf {
    let mut s = file.as_os_str().to_owned();
    s.push(".minisig");
    PathBuf::from(s)
}

/// `KEY.pub`.
pub fn public_path(key: &Path) -> PathBuf {
    let mut s = key.as_os_str().to_owned();
    s.push(".pub");
    PathBuf::from(s)
}

/// The passphrase: `PBN_KEY_PASSWORD`, else `None` (minisign then asks on the terminal); an error when there is
/// no terminal to ask on.
fn passphrase(what: &str) -> Result<Option<String>, String> {
    if let Some(p) = std::env::var_os(PASSWORD_VAR) {
        return p
            .into_string()
            .map(Some)
            .map_err(|_| format!("{PASSWORD_VAR} is not valid UTF-8"));
    }
    if std::io::stdin().is_terminal() {
        return Ok(None);
    }
    Err(format!(
        "{what} needs a passphrase: set {PASSWORD_VAR}, or run it on a terminal"
    ))
}

fn write_new(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write as _;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            format!(
                "{} already exists: pbn never overwrites a key",
                path.display()
            )
        }
        _ => format!("cannot write {}: {e}", path.display()),
    })?;
    f.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Generates a key pair: `key` (secret) and `key.pub`. Returns the public key's path.
pub fn keygen(key: &Path, unencrypted: bool) -> Result<PathBuf, String> {
    let public = public_path(key);
    for p in [key, public.as_path()] {
        if p.exists() {
            return Err(format!(
                "{} already exists: pbn never overwrites a key",
                p.display()
            ));
        }
    }
    let pair = if unencrypted {
        KeyPair::generate_unencrypted_keypair()
    } else {
        KeyPair::generate_encrypted_keypair(passphrase("pbn keygen")?)
    }
    .map_err(|e| format!("cannot generate a key: {e}"))?;
    let pk = pair.pk.to_box().map_err(|e| e.to_string())?.to_string();
    let sk = pair
        .sk
        .to_box(Some("pbn secret key"))
        .map_err(|e| e.to_string())?
        .to_string();
    write_new(key, &sk)?;
    write_new(&public, &pk)?;
    Ok(public)
}

fn secret_key(key: &Path) -> Result<SecretKey, String> {
    let text =
        std::fs::read_to_string(key).map_err(|e| format!("cannot read {}: {e}", key.display()))?;
    let parse = || {
        SecretKeyBox::from_string(&text)
            .map_err(|e| format!("{} is not a minisign secret key: {e}", key.display()))
    };
    if let Ok(sk) = parse()?.into_unencrypted_secret_key()
        && !sk.is_encrypted()
    {
        return Ok(sk);
    }
    parse()?
        .into_secret_key(passphrase("signing with an encrypted key")?)
        .map_err(|e| format!("{}: {e}", key.display()))
}

/// Signs `file` with the secret key `key`, writing `FILE.minisig`; returns its path. The trusted comment names
/// the file, as minisign's does.
pub fn sign(file: &Path, key: &Path) -> Result<PathBuf, String> {
    let sk = secret_key(key)?;
    let data =
        std::fs::File::open(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let trusted = format!("file:{name}\tsigned by pbn {}", env!("CARGO_PKG_VERSION"));
    let sig = minisign::sign(
        None,
        &sk,
        std::io::BufReader::new(data),
        Some(&trusted),
        Some("signature from pbn secret key"),
    )
    .map_err(|e| format!("cannot sign {}: {e}", file.display()))?;
    let out = signature_path(file);
    std::fs::write(&out, sig.to_string())
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    Ok(out)
}

/// Checks `file` against `FILE.minisig` with the public key in `pubkey`. The error names the file.
pub fn verify(file: &Path, pubkey: &Path) -> Result<String, String> {
    let pk_text = std::fs::read_to_string(pubkey)
        .map_err(|e| format!("cannot read {}: {e}", pubkey.display()))?;
    let pk: PublicKey = PublicKeyBox::from_string(&pk_text)
        .and_then(PublicKeyBox::into_public_key)
        .or_else(|_| PublicKey::from_base64(pk_text.trim()))
        .map_err(|e| format!("{} is not a minisign public key: {e}", pubkey.display()))?;
    let sig_path = signature_path(file);
    let sig_text = std::fs::read_to_string(&sig_path)
        .map_err(|e| format!("cannot read the signature {}: {e}", sig_path.display()))?;
    let sig = SignatureBox::from_string(&sig_text)
        .map_err(|e| format!("{} is not a minisign signature: {e}", sig_path.display()))?;
    let data =
        std::fs::File::open(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    minisign::verify(&pk, &sig, std::io::BufReader::new(data), true, false, false).map_err(
        |e| {
            format!(
                "{}: the signature {} does not match ({e}): the file was changed after it was signed, or \
                 signed with another key",
                file.display(),
                sig_path.display()
            )
        },
    )?;
    Ok(sig.trusted_comment().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_then_verify_then_tamper() {
        let d = tempfile::tempdir().unwrap();
        let key = d.path().join("cle");
        let public = keygen(&key, true).unwrap();
        assert!(keygen(&key, true).unwrap_err().contains("already exists"));
        let f = d.path().join("pack.zip");
        std::fs::write(&f, b"contents").unwrap();
        let sig = sign(&f, &key).unwrap();
        assert!(sig.ends_with("pack.zip.minisig"));
        assert!(verify(&f, &public).unwrap().contains("file:pack.zip"));
        std::fs::write(&f, b"Contents").unwrap();
        let e = verify(&f, &public).unwrap_err();
        assert!(e.contains("pack.zip") && e.contains("changed"), "{e}");
    }
}
