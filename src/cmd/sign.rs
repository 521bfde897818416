//! `pbn keygen --out KEY [--unencrypted]` and `pbn sign FILE --key KEY`: minisign-compatible keys and
//! signatures ([`crate::sign`]); `pbn verify FILE --pubkey KEY.pub` checks them.

use std::path::Path;

pub fn keygen(out: &Path, unencrypted: bool) -> i32 {
    match crate::sign::keygen(out, unencrypted) {
        Ok(public) => {
            super::err(&format!(
                "wrote the secret key {} (keep it private{}) and the public key {} (give it to your ARS)\n",
                out.display(),
                if unencrypted {
                    ", it has no passphrase"
                } else {
                    ""
                },
                public.display()
            ));
            crate::exit::OK
        }
        Err(e) => super::fatal(&e),
    }
}

pub fn sign(file: &Path, key: &Path) -> i32 {
    match crate::sign::sign(file, key) {
        Ok(sig) => {
            super::err(&format!("wrote {}\n", sig.display()));
            crate::exit::OK
        }
        Err(e) => super::fatal(&e),
    }
}
