//! The mistake, caught by `bindgen!`: a per-function key that names an `async func` with the `[async]` prefix of Wasmtime 36 to 39.
//! Wasmtime: v40-50
use wasmtime::component::bindgen;

bindgen!({
    inline: "
        package guide:bindgen;

        world doubler {
            import double: async func(x: u32) -> u32;
            export run: async func(x: u32) -> u32;
        }
    ",
    // ANCHOR: mistake
    imports: { "[async]double": trappable }, // the name up to 39: no rule matches
    // ANCHOR_END: mistake
});

fn main() {}
