//! The mistake, caught by `bindgen!`: the top-level `async: true` option of Wasmtime 35 and earlier, which the `imports` and `exports` maps replaced.
use wasmtime::component::bindgen;

bindgen!({
    inline: "
        package guide:bindgen;

        world doubler {
            import double: func(x: u32) -> u32;
            export run: func(x: u32) -> u32;
        }
    ",
    // ANCHOR: mistake
    async: true, // the form of 35 and earlier: no such option from 36
    // ANCHOR_END: mistake
});

fn main() {}
