// ANCHOR: all
fn main() {
    // ANCHOR: setup
    let x = 1;
    // ANCHOR_END: setup
    println!("{x}");
}
// ANCHOR_END: all
