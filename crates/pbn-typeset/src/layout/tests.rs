//! Layout tests.
