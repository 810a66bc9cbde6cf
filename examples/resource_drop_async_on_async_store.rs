//! Dropping a component resource with `resource_drop_async` on an async store.
//! Wasmtime: v40-50
use wasmtime::component::{Component, Linker, ResourceAny};
use wasmtime::{Config, Engine, Store};

// A component that defines a resource type, `thing`, and exports `make`,
// which returns a new `thing`. It also imports `double`, which the host
// defines as an async function.
const GUEST: &str = r#"
(component
  (import "double" (func $double (param "x" u32) (result u32)))
  (type $thing (resource (rep i32)))
  (core func $thing_new (canon resource.new $thing))
  (core func $double_lowered (canon lower (func $double)))
  (core module $m
    (import "host" "double" (func $double (param i32) (result i32)))
    (import "host" "thing-new" (func $thing_new (param i32) (result i32)))
    (func (export "make") (result i32)
      (call $thing_new (call $double (i32.const 21)))))
  (core instance $host
    (export "double" (func $double_lowered))
    (export "thing-new" (func $thing_new)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  (export $thing_export "thing" (type $thing))
  (func (export "make") (result (own $thing_export))
    (canon lift (core func $i "make"))))
"#;

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let component = Component::new(&engine, GUEST)?;

    let mut linker: Linker<()> = Linker::new(&engine);
    linker
        .root()
        .func_wrap_async("double", |_store, (x,): (u32,)| {
            Box::new(async move { Ok((x * 2,)) })
        })?;

    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate_async(&mut store, &component).await?;
    let make = instance.get_typed_func::<(), (ResourceAny,)>(&mut store, "make")?;
    let (thing,) = make.call_async(&mut store, ()).await?;
    // Unlocks the instance up to 41. Deprecated from 42, where it does
    // nothing: post-return runs by itself at the end of `call_async`.
    #[allow(deprecated)]
    make.post_return_async(&mut store).await?;
    println!(
        "the guest made a resource; owned by the host: {}",
        thing.owned()
    );

    // ANCHOR: fix
    // On Wasmtime 36 this method has a type parameter that nothing uses:
    // write `resource_drop_async::<()>` there. So this program starts at 41.
    thing.resource_drop_async(&mut store).await?;
    // ANCHOR_END: fix
    println!("dropped the resource");
    Ok(())
}
