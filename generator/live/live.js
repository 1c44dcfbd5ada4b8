// wuxiao serve: reload the page when the site is rebuilt; show the checker's errors over it.
(function () {
  var site = null;
  function overlay(html) {
    var old = document.getElementById("wuxiao-overlay");
    if (old) old.remove();
    if (html) document.body.insertAdjacentHTML("beforeend", html);
  }
  var es = new EventSource("/_wuxiao/events");
  es.addEventListener("hello", function (e) {
    var d = JSON.parse(e.data);
    if (site !== null && d.site !== site) { location.reload(); return; }
    site = d.site;
    overlay(d.html);
  });
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("problems", function (e) { overlay(JSON.parse(e.data).html); });
})();
