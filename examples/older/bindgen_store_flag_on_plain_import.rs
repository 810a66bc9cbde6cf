//! `bindgen!`'s `async | store` on a plain WIT function, up to Wasmtime 45: a concurrent import that gets an `Accessor`, defined with `func_wrap_concurrent`.
//! Wasmtime: v36-45
use wasmtime::component::{bindgen, Accessor, Component, HasData, Linker};
use wasmtime::{Config, Engine, Store};

// ANCHOR: bindgen
bindgen!({
    inline: "
        package guide:bindgen;

        world doubler {
            import double: func(x: u32) -> u32; // a plain function
            export run: func(x: u32) -> u32;
        }
    ",
    imports: { "double": async | store },
    exports: { default: async },
});
// ANCHOR_END: bindgen

// The guest: `run` calls the imported `double`.
const GUEST: &str = r#"
(component
  (import "double" (func $double (param "x" u32) (result u32)))
  (core module $m
    (import "host" "double" (func $double (param i32) (result i32)))
    (func (export "run") (param i32) (result i32)
      local.get 0
      call $double))
  (core func $double_lowered (canon lower (func $double)))
  (core instance $host (export "double" (func $double_lowered)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  (func (export "run") (param "x" u32) (result u32)
    (canon lift (core func $i "run"))))
"#;

struct Host {
    factor: u32,
}

// What `Access::get` hands out: here the `Host` itself.
impl HasData for Host {
    type Data<'a> = &'a mut Host;
}

// ANCHOR: impl
// Up to 45, `async | store` makes the import concurrent: it moves to the
// `…WithStore` trait and gets an `Accessor`, as an `async func` import does.
impl DoublerImportsWithStore for Host {
    async fn double<T>(accessor: &Accessor<T, Self>, x: u32) -> u32 {
        tokio::task::yield_now().await;
        let factor = accessor.with(|mut access| access.get().factor);
        x * factor
    }
}
// ANCHOR_END: impl

// The world has no other import: the plain trait is empty.
impl DoublerImports for Host {}

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let component = Component::new(&engine, GUEST)?;

    let mut linker: Linker<Host> = Linker::new(&engine);
    Doubler::add_to_linker::<_, Host>(&mut linker, |host| host)?;

    let mut store = Store::new(&engine, Host { factor: 2 });
    let doubler = Doubler::instantiate_async(&mut store, &component, &linker).await?;
    let answer = doubler.call_run(&mut store, 21).await?;
    println!("run(21) = {answer}");
    Ok(())
}
