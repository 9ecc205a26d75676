/* Zoeken op /zoeken/ met de Pagefind-index van de site. Geen externe bestanden, geen cookies.
 * De zoekvraag, filters en sortering staan in de adresbalk (?q=…&doelgroep=…&sorteer=datum),
 * zodat een link de zoekopdracht herstelt en terug/vooruit in de browser werken. */
(function () {
  "use strict";

  var FILTERS = [
    ["doelgroep", "Doelgroep"], ["soort", "Soort"], ["organisatie", "Organisatie"],
    ["jaar", "Jaar"], ["provincie", "Provincie"], ["status", "Status"]
  ];
  var PAGE_SIZE = 10;
  var MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
    "september", "oktober", "november", "december"];

  var script = document.currentScript || document.querySelector('script[src$="zoeken.js"]');
  var siteRoot = new URL("../../", script.src);  // assets/javascripts/zoeken.js -> site root
  var root = document.getElementById("kp-zoeken");
  if (!root) { return; }

  var pagefind = null;
  var totals = {};
  var state = readUrl();
  var shown = [];
  var allResults = [];
  var generation = 0;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  /* --- the page's parts ------------------------------------------------------------------ */
  var input = el("input", {id: "kp-q", name: "q", type: "search", autocomplete: "off"});
  var form = el("form", {"class": "kp-zoekformulier", role: "search", action: "", method: "get"}, [
    el("label", {"for": "kp-q", text: "Waar zoekt u naar?"}), input,
    el("button", {type: "submit", text: "Zoeken"})
  ]);
  var sort = el("select", {id: "kp-sorteer", name: "sorteer"}, [
    el("option", {value: "", text: "Beste resultaat eerst"}),
    el("option", {value: "datum", text: "Nieuwste eerst"})
  ]);
  var sortRow = el("p", {"class": "kp-sorteer"}, [el("label", {"for": "kp-sorteer", text: "Sorteren: "}), sort]);
  var status = el("p", {id: "kp-status", "class": "kp-status", role: "status", "aria-live": "polite"});
  var filterBox = el("div", {"class": "kp-filters", role: "group", "aria-labelledby": "kp-filters-kop"}, [
    el("h2", {id: "kp-filters-kop", text: "Filters"})
  ]);
  var list = el("ol", {"class": "kp-resultaten", "aria-labelledby": "kp-resultaten-kop"});
  var more = el("button", {type: "button", "class": "kp-meer", hidden: "", text: "Meer resultaten tonen"});
  var resultsBox = el("div", {"class": "kp-resultaatdeel"}, [
    el("h2", {id: "kp-resultaten-kop", text: "Resultaten"}), status, list, more
  ]);
  root.appendChild(form);
  root.appendChild(sortRow);
  root.appendChild(el("div", {"class": "kp-zoeklayout"}, [filterBox, resultsBox]));

  var fieldsets = {};
  FILTERS.forEach(function (pair) {
    var set = el("fieldset", {"class": "kp-filter", hidden: ""}, [el("legend", {text: pair[1]})]);
    var body = el("ul", {});
    set.appendChild(body);
    fieldsets[pair[0]] = {set: set, body: body};
    filterBox.appendChild(set);
  });

  /* --- URL <-> state --------------------------------------------------------------------- */
  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    var filters = {};
    FILTERS.forEach(function (pair) {
      var values = params.getAll(pair[0]).filter(Boolean);
      if (values.length) { filters[pair[0]] = values; }
    });
    return {q: (params.get("q") || "").trim(), filters: filters, sort: params.get("sorteer") === "datum" ? "datum" : ""};
  }

  function toUrl(s) {
    var params = new URLSearchParams();
    if (s.q) { params.append("q", s.q); }
    FILTERS.forEach(function (pair) {
      (s.filters[pair[0]] || []).forEach(function (v) { params.append(pair[0], v); });
    });
    if (s.sort) { params.append("sorteer", s.sort); }
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "");
  }

  function commit(push) {
    var url = toUrl(state);
    if (url !== window.location.pathname + window.location.search) {
      window.history[push ? "pushState" : "replaceState"]({}, "", url);
    }
    return run();
  }

  /* --- searching ------------------------------------------------------------------------- */
  function pagefindFilters(except) {
    var out = {};
    Object.keys(state.filters).forEach(function (key) {
      if (key !== except && state.filters[key].length) { out[key] = {any: state.filters[key]}; }
    });
    return out;
  }

  function hasFilters() { return Object.keys(pagefindFilters(null)).length > 0; }

  function search(except) {
    var options = {filters: pagefindFilters(except)};
    if (state.sort === "datum") { options.sort = {datum: "desc"}; }
    return pagefind.search(state.q || null, options);
  }

  function run() {
    var mine = ++generation;
    if (!pagefind) { return Promise.resolve(); }
    input.value = state.q;
    sort.value = state.sort;
    if (!state.q && !hasFilters()) {
      allResults = [];
      drawFilters({}, true);
      drawResults([], mine);
      status.textContent = "Typ een zoekwoord of kies een filter.";
      return Promise.resolve();
    }
    status.textContent = "Bezig met zoeken…";
    var active = Object.keys(pagefindFilters(null));
    return Promise.all([search(null)].concat(active.map(function (key) { return search(key); })))
      .then(function (answers) {
        if (mine !== generation) { return; }
        var main = answers[0];
        if (!main) { return; }
        var counts = Object.assign({}, main.filters);
        // Within one filter the values are OR'ed: count each value without that filter's own choice.
        active.forEach(function (key, i) { if (answers[i + 1]) { counts[key] = answers[i + 1].filters[key] || {}; } });
        allResults = main.results;
        drawFilters(counts, false);
        return drawResults(allResults.slice(0, PAGE_SIZE), mine).then(function () {
          if (mine !== generation) { return; }
          var n = allResults.length;
          var what = state.q ? " voor ‘" + state.q + "’" : "";
          status.textContent = (n === 0 ? "Geen resultaten" : n === 1 ? "1 resultaat" : n + " resultaten") + what + "."
            + (n === 0 && hasFilters() ? " Probeer minder filters." : "");
        });
      });
  }

  function drawFilters(counts, useTotals) {
    FILTERS.forEach(function (pair) {
      var key = pair[0];
      var part = fieldsets[key];
      var chosen = state.filters[key] || [];
      var values = Object.keys(totals[key] || {});
      values.sort(function (a, b) {
        return key === "jaar" ? b.localeCompare(a) : a.localeCompare(b, "nl", {sensitivity: "base"});
      });
      part.body.textContent = "";
      values.forEach(function (value, i) {
        var count = useTotals ? totals[key][value] : ((counts[key] || {})[value] || 0);
        var id = "kp-f-" + key + "-" + i;
        var box = el("input", {type: "checkbox", id: id, name: key, value: value});
        box.checked = chosen.indexOf(value) >= 0;
        if (!count && !box.checked) { box.disabled = true; }
        var label = el("label", {"for": id}, [
          document.createTextNode(value + " "), el("span", {"class": "kp-aantal", text: "(" + count + ")"})
        ]);
        part.body.appendChild(el("li", {}, [box, label]));
      });
      if (values.length) { part.set.removeAttribute("hidden"); } else { part.set.setAttribute("hidden", ""); }
    });
  }

  function dutchDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return m ? Number(m[3]) + " " + MONTHS[Number(m[2]) - 1] + " " + m[1] : "";
  }

  function resultItem(data) {
    var meta = data.meta || {};
    var link = el("a", {href: data.url, "class": "kp-resultaat__titel", text: meta.title || data.url});
    var sub = [meta.soort, dutchDate(meta.datum)].filter(Boolean).join(" · ");
    return el("li", {"class": "kp-resultaat"}, [
      el("h3", {}, [link]),
      el("p", {text: meta.samenvatting || ""}),
      sub ? el("p", {"class": "kp-sub", text: sub}) : null
    ]);
  }

  function drawResults(results, mine) {
    return Promise.all(results.map(function (r) { return r.data(); })).then(function (datas) {
      if (mine !== generation) { return; }
      list.textContent = "";
      shown = datas;
      datas.forEach(function (d) { list.appendChild(resultItem(d)); });
      if (allResults.length > shown.length) { more.removeAttribute("hidden"); } else { more.setAttribute("hidden", ""); }
    });
  }

  more.addEventListener("click", function () {
    var start = shown.length;
    var mine = generation;
    Promise.all(allResults.slice(start, start + PAGE_SIZE).map(function (r) { return r.data(); })).then(function (datas) {
      if (mine !== generation) { return; }
      datas.forEach(function (d) { shown.push(d); list.appendChild(resultItem(d)); });
      if (allResults.length <= shown.length) { more.setAttribute("hidden", ""); }
      var first = list.children[start] && list.children[start].querySelector("a");
      if (first) { first.focus(); }
    });
  });

  /* --- events ---------------------------------------------------------------------------- */
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    state.q = input.value.trim();
    commit(true);
  });
  sort.addEventListener("change", function () { state.sort = sort.value; commit(true); });
  filterBox.addEventListener("change", function (event) {
    var box = event.target;
    if (!box || box.type !== "checkbox") { return; }
    var values = (state.filters[box.name] || []).filter(function (v) { return v !== box.value; });
    if (box.checked) { values.push(box.value); }
    if (values.length) { state.filters[box.name] = values; } else { delete state.filters[box.name]; }
    state.q = input.value.trim();
    var focusId = box.id;
    commit(true).then(function () {
      var again = document.getElementById(focusId);
      if (again) { again.focus(); }
    });
  });
  window.addEventListener("popstate", function () { state = readUrl(); run(); });

  /* --- start ----------------------------------------------------------------------------- */
  root.classList.add("kp-zoeken--actief");
  status.textContent = "De zoekfunctie wordt geladen…";
  import(new URL("pagefind/pagefind.js", siteRoot).href).then(function (module) {
    pagefind = module;
    return pagefind.options({baseUrl: siteRoot.pathname}).then(function () { return pagefind.filters(); });
  }).then(function (all) {
    totals = all || {};
    return run();
  }).catch(function () {
    status.textContent = "De zoekfunctie kon niet worden geladen. Bekijk de doelgroepen of de soorten bronnen.";
  });
})();
