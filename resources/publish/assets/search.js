/* The site's search, with no server: the query is normalised by normalise.js exactly as
   the program's search does, and matched against the prebuilt index (search-index.js). */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("results");
  var kinds = JSON.parse(form.getAttribute("data-kinds"));
  var root = form.getAttribute("data-root");
  var index = window.OGP_SEARCH_INDEX || [];
  var ORDER = {meeting: 0, commitment: 1, step: 2, committee: 3, plan: 4};

  function show(query) {
    list.textContent = "";
    status.textContent = "";
    if (!query.trim()) return;
    var groups = OgpText.queryGroups(query);
    if (!groups) { status.textContent = form.getAttribute("data-short"); return; }
    var hits = index.filter(function (e) { return OgpText.matches(groups, e.x); });
    hits.sort(function (a, b) {
      return (ORDER[a.k] - ORDER[b.k]) || String(b.d || "").localeCompare(String(a.d || ""));
    });
    status.textContent = hits.length
      ? form.getAttribute("data-results").replace("{n}", String(hits.length))
      : form.getAttribute("data-none");
    hits.forEach(function (e) {
      var li = document.createElement("li");
      li.className = "result kind-" + e.k;
      var a = document.createElement("a");
      a.href = root + e.p;
      a.textContent = e.t;
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = kinds[e.k] + (e.d ? " · " + e.d.split("-").reverse().map(Number).join("/") : "");
      li.appendChild(a);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(meta);
      if (e.s) {
        var p = document.createElement("p");
        p.textContent = e.s;
        li.appendChild(p);
      }
      list.appendChild(li);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(input.value);
    try { history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); } catch (e) {}
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; show(initial); }
})();
