pub fn placeholder_compiles() {}
