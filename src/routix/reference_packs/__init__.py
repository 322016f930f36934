"""Reference packs: named, reusable sets of reference images a generation can name."""
