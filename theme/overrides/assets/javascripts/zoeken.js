/* Zoeken op /zoeken/ met de Pagefind-index van de site. Geen externe bestanden, geen cookies.
 * De zoekvraag, filters en sortering staan in de adresbalk (?q=…&doelgroep=…&sorteer=datum),
 * zodat een link de zoekopdracht herstelt en terug/vooruit in de browser werken.
 *
 * Volgorde (bij "Beste resultaat eerst"): Pagefind rangschikt; daarna komt een pagina waarvan de
 * titel precies de zoekvraag is bovenaan, dan pagina's die het gezochte woord uitleggen (de
 * doelgroep bij een synoniem, de regeling bij haar afkorting: meta 'termen'), dan de rest. Wat
 * voorbij is (gesloten, geweest, vervallen: filter 'huidig' = nee) zakt. Vindt een vraag weinig
 * en staat een woord niet in de woordenlijst van de site (#kp-woorden, gemaakt bij het bouwen),
 * dan zoekt de pagina op het woord dat er het meest op lijkt ("Bedoelde u …?"). */
(function () {
  "use strict";

  var FILTERS = [
    ["doelgroep", "Doelgroep"], ["soort", "Soort"], ["organisatie", "Organisatie"],
    ["jaar", "Jaar"], ["provincie", "Provincie"], ["stand", "Stand van zaken"]
  ];
  var PAGE_SIZE = 10;
  var RERANK = 40;        // results whose data is read to find exact and defining matches
  var DEMOTE = 0.35;      // score factor for what is over (closed, past, withdrawn)
  var FEW = 5;            // fewer results than this: try a correction of unknown words
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
  var titleSuffix = document.title.indexOf(" - ") >= 0 ? document.title.slice(document.title.indexOf(" - ")) : "";
  var vocabulary = readVocabulary();

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
  var filterBox = el("div", {id: "kp-filterpaneel", "class": "kp-filters", role: "group", "aria-labelledby": "kp-filters-kop"}, [
    el("h2", {id: "kp-filters-kop", text: "Filters"})
  ]);
  // On a phone the filters fold away behind this button, so the results come first.
  var filterToggle = el("button", {type: "button", "class": "kp-filterknop", "aria-expanded": "false",
    "aria-controls": "kp-filterpaneel", text: "Filters"});
  var suggestion = el("p", {"class": "kp-suggestie", hidden: ""});
  var list = el("ol", {"class": "kp-resultaten", "aria-labelledby": "kp-resultaten-kop"});
  var more = el("button", {type: "button", "class": "kp-meer", hidden: "", text: "Meer resultaten tonen"});
  var resultsBox = el("div", {"class": "kp-resultaatdeel"}, [
    el("h2", {id: "kp-resultaten-kop", text: "Resultaten"}), status, suggestion, list, more
  ]);
  root.appendChild(form);
  root.appendChild(sortRow);
  root.appendChild(filterToggle);
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
    return {q: (params.get("q") || "").trim(), filters: filters, sort: params.get("sorteer") === "datum" ? "datum" : "",
      exact: params.get("precies") === "1"};
  }

  function toUrl(s) {
    var params = new URLSearchParams();
    if (s.q) { params.append("q", s.q); }
    FILTERS.forEach(function (pair) {
      (s.filters[pair[0]] || []).forEach(function (v) { params.append(pair[0], v); });
    });
    if (s.sort) { params.append("sorteer", s.sort); }
    if (s.exact && s.q) { params.append("precies", "1"); }
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

  function search(except, query, extra, sorted) {
    var filters = pagefindFilters(except);
    Object.keys(extra || {}).forEach(function (key) { filters[key] = extra[key]; });
    var options = {filters: filters};
    if (sorted) { options.sort = {datum: "desc"}; }
    return pagefind.search((query === undefined ? state.q : query) || null, options);
  }

  /* --- words: normal form, the site's vocabulary, corrections ---------------------------- */
  function norm(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, " ").trim();
  }

  function readVocabulary() {
    var node = document.getElementById("kp-woorden");
    var words = {};
    norm(node ? node.textContent : "").split(" ").forEach(function (w) { if (w.length > 1) { words[w] = true; } });
    return words;
  }

  function known(word) {
    if (vocabulary[word] || /\d/.test(word) || word.length < 4) { return true; }
    for (var w in vocabulary) { if (w.length > word.length && w.lastIndexOf(word, 0) === 0) { return true; } }
    return false;
  }

  // Damerau-Levenshtein distance (optimal string alignment), stopping early above max.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) { return max + 1; }
    var prev2 = [], prev = [], cur;
    for (var j = 0; j <= b.length; j++) { prev[j] = j; }
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) { cur[j] = Math.min(cur[j], prev2[j - 2] + 1); }
        best = Math.min(best, cur[j]);
      }
      if (best > max) { return max + 1; }
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }

  // The query with each unknown word replaced by the nearest word of the site, or "".
  function correction(query) {
    var changed = false;
    var words = norm(query).split(" ").map(function (word) {
      if (!word || known(word)) { return word; }
      var max = word.length < 8 ? 1 : 2;
      var best = null, bestDistance = max + 1;
      for (var w in vocabulary) {
        var d = distance(word, w, Math.min(max, bestDistance));
        if (d < bestDistance || (d === bestDistance && best && w.length < best.length)) { best = w; bestDistance = d; }
      }
      if (best && bestDistance <= max) { changed = true; return best; }
      return word;
    });
    return changed ? words.join(" ") : "";
  }

  /* --- order: exact titles, defining pages, what is over lower ---------------------------- */
  // Tiers: 0 the title is the query (a year or a bracketed part left out); 1 a group page that
  // defines the query (its name or a synonym); 2 another page that defines it (an abbreviation
  // or synonym its title names, or the title holds "(QUERY)"); 3 the rest. Within a tier by
  // Pagefind's score, a title that starts with the query a little higher, what is over lower.
  function rank(results, pastIds, query) {
    var q = norm(query);
    return Promise.all(results.slice(0, RERANK).map(function (r) { return r.data(); })).then(function (datas) {
      var tiers = {}, boost = {}, dates = {};
      datas.forEach(function (d, i) {
        var meta = d.meta || {};
        var title = norm(meta.title);
        var bare = norm((meta.title || "").replace(/\([^)]*\)/g, " ").replace(/\b(19|20)\d\d(-(19|20)\d\d)?\b/g, " "));
        var terms = (meta.termen || "").split(" · ").map(norm);
        var abbreviated = /\(([^)]*)\)/g, m, inBrackets = false;
        while ((m = abbreviated.exec(meta.title || "")) !== null) { if (norm(m[1]) === q) { inBrackets = true; } }
        var id = results[i].id;
        results[i].kpData = d;
        dates[id] = meta.datum || "";
        if (!q) { return; }
        if (title === q || bare === q) { tiers[id] = 0; }
        else if (terms.indexOf(q) >= 0 && meta.soort === "Doelgroep") { tiers[id] = 1; }
        else if (terms.indexOf(q) >= 0 || inBrackets) { tiers[id] = 2; }
        if (title.lastIndexOf(q + " ", 0) === 0) { boost[id] = 1.5; }
      });
      var order = results.map(function (r, i) {
        var score = (r.score || 0) * (pastIds[r.id] ? DEMOTE : 1) * (boost[r.id] || 1);
        return {r: r, i: i, tier: tiers[r.id] === undefined ? 3 : tiers[r.id], score: score};
      });
      // Among pages that define the query (tiers 0-2, e.g. every round of a scheme for its
      // abbreviation): what still applies first, then the newest; only then Pagefind's score.
      order.sort(function (a, b) {
        if (a.tier !== b.tier) { return a.tier - b.tier; }
        if (a.tier < 3) {
          var over = (pastIds[a.r.id] ? 1 : 0) - (pastIds[b.r.id] ? 1 : 0);
          if (over) { return over; }
          var da = dates[a.r.id], db = dates[b.r.id];
          if (da !== db) { return da < db ? 1 : -1; }
        }
        return b.score - a.score || a.i - b.i;
      });
      var ranked = order.map(function (o) { return o.r; });
      ranked.bestTier = order.length ? order[0].tier : 3;
      return ranked;
    });
  }

  function ids(answer) {
    var out = {};
    ((answer && answer.results) || []).forEach(function (r) { out[r.id] = true; });
    return out;
  }

  // Results for one query: ranked, or by date with undated pages (groups, site pages) after.
  function ordered(query) {
    if (state.sort === "datum") {
      return Promise.all([search(null, query, null, true), search(null, query)]).then(function (both) {
        var dated = both[0].results;
        var seen = ids(both[0]);
        return {results: dated.concat(both[1].results.filter(function (r) { return !seen[r.id]; })), raw: both[1]};
      });
    }
    return Promise.all([search(null, query), search(null, query, {huidig: "nee"})]).then(function (both) {
      return rank(both[0].results, ids(both[1]), query).then(function (results) { return {results: results, raw: both[0]}; });
    });
  }

  function run() {
    var mine = ++generation;
    if (!pagefind) { return Promise.resolve(); }
    input.value = state.q;
    sort.value = state.sort;
    document.title = (state.q ? "‘" + state.q + "’ zoeken" : "Zoeken") + titleSuffix;
    showSuggestion("", "");
    drawToggle();
    if (!state.q && !hasFilters()) {
      allResults = [];
      drawFilters({}, true);
      drawResults([], mine);
      status.textContent = "Typ een zoekwoord of kies een filter.";
      return Promise.resolve();
    }
    status.textContent = "Bezig met zoeken…";
    list.setAttribute("aria-busy", "true");
    var active = Object.keys(pagefindFilters(null));
    var fixed = state.q && !state.exact ? correction(state.q) : "";
    return Promise.all([ordered(state.q), fixed ? ordered(fixed) : null])
      .then(function (found) {
        if (mine !== generation) { return; }
        // The correction's results replace the query's when the query found little, or when only
        // the correction finds a page that is exactly about it (a title or a defined word).
        var useFix = fixed && found[1] && found[1].results.length > 0 &&
          ((found[0].results.length < FEW && found[1].results.length > found[0].results.length) ||
           (found[1].results.bestTier < 3 && !(found[0].results.bestTier < 3)));
        var query = useFix ? fixed : state.q;
        var main = useFix ? found[1] : found[0];
        return Promise.all(active.map(function (key) { return search(key, query); })).then(function (answers) {
          if (mine !== generation) { return; }
          var counts = Object.assign({}, main.raw.filters);
          // Within one filter the values are OR'ed: count each value without that filter's own choice.
          active.forEach(function (key, i) { if (answers[i]) { counts[key] = answers[i].filters[key] || {}; } });
          allResults = main.results;
          drawFilters(counts, false);
          return drawResults(allResults.slice(0, PAGE_SIZE), mine).then(function () {
            if (mine !== generation) { return; }
            var n = allResults.length;
            var what = query ? " voor ‘" + query + "’" : "";
            status.textContent = (n === 0 ? "Geen resultaten" : n === 1 ? "1 resultaat" : n + " resultaten") + what + "."
              + (n === 0 && hasFilters() ? " Probeer minder filters." : "");
            if (useFix) { showSuggestion("instead", fixed); }
            else if (fixed && found[0].results.length < FEW) { showSuggestion("maybe", fixed); }
          });
        });
      });
  }

  function linkFor(query, exact) {
    return toUrl({q: query, filters: state.filters, sort: state.sort, exact: exact});
  }

  // "Bedoelde u …?" (a link), or, when the results shown are those of the correction, a note
  // with a link back to the words as typed.
  function showSuggestion(kind, fixed) {
    suggestion.textContent = "";
    if (!kind) { suggestion.setAttribute("hidden", ""); return; }
    if (kind === "instead") {
      suggestion.appendChild(document.createTextNode("U zocht ‘" + state.q + "’. Daarop vindt het platform weinig, daarom ziet u de resultaten voor ‘" + fixed + "’. "));
      suggestion.appendChild(el("a", {href: linkFor(state.q, true), "data-kp-q": state.q, "data-kp-precies": "1", text: "Zoek toch op ‘" + state.q + "’"}));
    } else {
      suggestion.appendChild(document.createTextNode("Bedoelde u "));
      suggestion.appendChild(el("a", {href: linkFor(fixed, false), "data-kp-q": fixed, text: fixed}));
      suggestion.appendChild(document.createTextNode("?"));
    }
    suggestion.removeAttribute("hidden");
  }

  function chosenCount() {
    return Object.keys(state.filters).reduce(function (n, key) { return n + state.filters[key].length; }, 0);
  }

  function drawToggle() {
    var n = chosenCount();
    filterToggle.textContent = "Filters (" + n + ")";
    filterToggle.setAttribute("aria-label", n === 1 ? "Filters, 1 gekozen" : "Filters, " + n + " gekozen");
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
    var badge = meta.staat ? el("span", {"class": "kp-staat kp-staat--" + meta.staat.replace(/[^a-z-]/g, ""), text: meta.staatlabel || meta.staat}) : null;
    return el("li", {"class": "kp-resultaat" + (badge ? " kp-resultaat--" + meta.staat.replace(/[^a-z-]/g, "") : "")}, [
      el("h3", {}, [link]),
      badge ? el("p", {"class": "kp-resultaat__staat"}, [badge]) : null,
      el("p", {text: meta.samenvatting || ""}),
      sub ? el("p", {"class": "kp-sub", text: sub}) : null
    ]);
  }

  function drawResults(results, mine) {
    return Promise.all(results.map(function (r) { return r.kpData ? Promise.resolve(r.kpData) : r.data(); })).then(function (datas) {
      if (mine !== generation) { return; }
      list.removeAttribute("aria-busy");
      list.textContent = "";
      shown = datas;
      datas.forEach(function (d) { list.appendChild(resultItem(d)); });
      if (allResults.length > shown.length) { more.removeAttribute("hidden"); } else { more.setAttribute("hidden", ""); }
    });
  }

  more.addEventListener("click", function () {
    var start = shown.length;
    var mine = generation;
    Promise.all(allResults.slice(start, start + PAGE_SIZE).map(function (r) { return r.kpData ? Promise.resolve(r.kpData) : r.data(); })).then(function (datas) {
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
    state.exact = false;
    commit(true);
  });
  suggestion.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-kp-q]");
    if (!link) { return; }
    event.preventDefault();
    state.q = link.getAttribute("data-kp-q");
    state.exact = link.getAttribute("data-kp-precies") === "1";
    commit(true).then(function () { input.focus(); });
  });
  filterToggle.addEventListener("click", function () {
    var open = filterToggle.getAttribute("aria-expanded") !== "true";
    filterToggle.setAttribute("aria-expanded", String(open));
    root.classList.toggle("kp-zoeken--filters-open", open);
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
