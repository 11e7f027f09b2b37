//! Compile-time shape checks: programs that must not compile, with their pinned error
//! messages (`tests/ui/fail/*.stderr`), and programs that must compile
//! (`tests/ui/pass/*.rs`).
//!
//! Holding a pass case makes trybuild run `cargo build` instead of `cargo check`, so the
//! post-monomorphization errors (const asserts) are reported too. Regenerate the snapshots
//! after a toolchain change with `TRYBUILD=overwrite cargo test --test ui`, and read the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
