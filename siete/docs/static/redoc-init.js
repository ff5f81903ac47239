// Kept out of the HTML so the page runs under a CSP without 'unsafe-inline' scripts.
window.addEventListener("load", function () {
  var root = document.getElementById("redoc");
  Redoc.init(root.dataset.specUrl, {}, root);
});
