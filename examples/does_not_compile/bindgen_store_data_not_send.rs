//! The mistake, caught by the compiler: `bindgen!` async imports with a host type (the store's data) that holds an `Rc`, so it is not `Send`.
use std::cell::Cell;
use std::rc::Rc;
use wasmtime::component::{bindgen, HasSelf, Linker};
use wasmtime::{Config, Engine};

bindgen!({
    inline: "
        package guide:bindgen;

        world doubler {
            import double: func(x: u32) -> u32;
            export run: func(x: u32) -> u32;
        }
    ",
    imports: { default: async },
    exports: { default: async },
});

// ANCHOR: mistake
struct Host {
    calls: Rc<Cell<u32>>, // an `Rc` is not `Send`, so neither is `Host`
}

impl DoublerImports for Host {
    async fn double(&mut self, x: u32) -> u32 {
        self.calls.set(self.calls.get() + 1);
        x * 2
    }
}
// ANCHOR_END: mistake

fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let mut linker: Linker<Host> = Linker::new(&engine);
    Doubler::add_to_linker::<_, HasSelf<_>>(&mut linker, |host| host)?;
    Ok(())
}
