fn main() {
    yew::Renderer::<kubelab_web::App>::new().render();
}
