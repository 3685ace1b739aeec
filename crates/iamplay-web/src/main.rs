//! Entry point of the playground: mounts the Yew app.

fn main() {
    iamplay_web::start();
}
