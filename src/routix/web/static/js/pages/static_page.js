// Pages without behaviour (the 404 page) still load one module, so every page has the same shape.
export {};
