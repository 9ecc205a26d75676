/*
 * Het bewerkscherm van het Kennisplatform: Decap CMS met ons eigen bestandsformaat.
 *
 * Decap's own front-matter format rewrites a whole file on every save (block lists, other
 * quotes, folded lines). This format ("kennispunt") writes the project's format instead:
 * - a key whose value did not change keeps its original line, comment and all, so opening and
 *   saving a file without edits changes nothing;
 * - keys keep their order; a new key goes after the key that precedes it in the model;
 * - dates as JJJJ-MM-DD, lists in brackets ([a, b]), quotes only where YAML needs them
 *   (js-yaml decides: a value is written plain only if it reads back as the same text);
 * - the body after the front matter is kept byte for byte when it did not change.
 * The file as read travels with the entry in a key that is never written.
 *
 * Locally (page opened on 127.0.0.1 or localhost) Decap talks to decap-server; the port can
 * be given as ?proxy=PORT (kennispunt bewerkscherm uses 8081, the default).
 */
(function () {
  "use strict";
  window.CMS_MANUAL_INIT = true;
  var ORIGINAL = "__kennispunt_bestand";
  var CORE = { schema: window.jsyaml.CORE_SCHEMA };

  function splitFile(text) {
    var bom = text.charAt(0) === "\uFEFF" ? "\uFEFF" : "";
    var rest = text.slice(bom.length);
    var open = /^---[ \t]*\r?\n/.exec(rest);
    if (!open) return null;
    var after = rest.slice(open[0].length);
    var close = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m.exec(after);
    if (!close) return null;
    return {
      head: bom + open[0], front: after.slice(0, close.index), fence: close[0],
      body: after.slice(close.index + close[0].length)
    };
  }

  function parseFront(front) {
    var data = front.trim() ? window.jsyaml.load(front, CORE) : {};
    return data && typeof data === "object" && !Array.isArray(data) ? data : {};
  }

  // The front matter as blocks, one per top-level key (a key's line plus any indented or
  // comment lines under it); text before the first key is the preamble.
  function keyBlocks(front) {
    var lines = front.split(/(?<=\n)/), blocks = [], preamble = "", current = null;
    lines.forEach(function (line) {
      var match = /^([A-Za-z_][A-Za-z0-9_-]*)\s*:/.exec(line);
      if (match) {
        current = { key: match[1], text: line };
        blocks.push(current);
      } else if (current) {
        current.text += line;
      } else {
        preamble += line;
      }
    });
    if (blocks.length && !/\n$/.test(blocks[blocks.length - 1].text)) {
      blocks[blocks.length - 1].text += "\n";
    }
    return { preamble: preamble, blocks: blocks };
  }

  function isEmpty(value) {
    return value === null || value === undefined || value === "" ||
      (Array.isArray(value) && value.length === 0);
  }

  // Equal as the validator sees it: 'bzk' and ['bzk'] are the same list of one.
  function canonical(value) {
    if (isEmpty(value)) return "leeg";
    var items = Array.isArray(value) ? value : [value];
    return JSON.stringify(items.map(function (item) {
      return item instanceof Date ? item.toISOString().slice(0, 10) : String(item);
    }));
  }

  function readsBack(yamlText, expected) {
    try {
      var value = window.jsyaml.load("k: " + yamlText, CORE).k;
      return JSON.stringify(value) === JSON.stringify(expected);
    } catch (error) {
      return false;
    }
  }

  function scalar(value, inList) {
    if (typeof value === "boolean" || typeof value === "number") return String(value);
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    var text = String(value);
    var plain = text === text.trim() && text !== "" && !/^[-?:,[\]{}#&*!|>'"%@`]/.test(text) &&
      !/: |\s#|:$/.test(text) && !(inList && /[,[\]{}]/.test(text));
    if (plain && (inList ? readsBack("[" + text + "]", [text]) : readsBack(text, text))) {
      return text;
    }
    return JSON.stringify(text);  // a JSON string is a valid double-quoted YAML scalar
  }

  function line(key, value, style) {
    if (Array.isArray(value)) {
      return key + ": [" + value.map(function (item) { return scalar(item, true); }).join(", ") + "]";
    }
    var text = scalar(value, false);
    if (style === '"' && text.charAt(0) !== '"' && typeof value === "string") text = JSON.stringify(value);
    if (style === "'" && text.charAt(0) !== '"' && typeof value === "string" && !/\n/.test(value)) {
      text = "'" + value.replace(/'/g, "''") + "'";
    }
    return key + ": " + text;
  }

  // A changed value is written in the style of the line it replaces: the same quotes, and
  // a trailing comment (as 'kennispunt nieuw' writes them) stays.
  function replaceLine(block, key, value, oldValue) {
    var first = block.text.replace(/\r?\n[\s\S]*$/, "");
    var rest = first.slice(first.indexOf(":") + 1).replace(/^\s+/, "");
    var style = rest.charAt(0) === '"' || rest.charAt(0) === "'" ? rest.charAt(0) : "";
    var comment = "";
    var cut = first.lastIndexOf(" #");
    if (cut > 0 && block.text.indexOf("\n") >= block.text.length - 1) {
      try {
        var before = window.jsyaml.load(first.slice(0, cut), CORE);
        if (before && canonical(before[key]) === canonical(oldValue)) comment = first.slice(cut).replace(/^ +/, "  ");
      } catch (error) { comment = ""; }
    }
    return line(key, value, style) + comment + "\n";
  }

  // After the nearest key that comes before it in the model, else before the nearest that
  // comes after it, else at the end.
  function insertAt(present, order, key) {
    var index = order.indexOf(key), i, at;
    for (i = index - 1; i >= 0 && index >= 0; i--) {
      at = present.lastIndexOf(order[i]);
      if (at >= 0) return at + 1;
    }
    for (i = index + 1; i < order.length && index >= 0; i++) {
      at = present.indexOf(order[i]);
      if (at >= 0) return at;
    }
    return present.length;
  }

  function plainData(data) {
    return data && typeof data.toJS === "function" ? data.toJS() : data;
  }

  function fromFile(content) {
    var parts = splitFile(content);
    if (!parts) return { body: content };
    var data = parseFront(parts.front);
    var out = {};
    Object.keys(data).forEach(function (key) {
      if (key !== "body" && key !== ORIGINAL) out[key] = data[key];
    });
    out.body = parts.body.replace(/^(\r?\n)+/, "");
    out[ORIGINAL] = content;
    return out;
  }

  function toFile(rawData, sortedKeys) {
    var data = plainData(rawData);
    var original = data[ORIGINAL];
    var parts = typeof original === "string" ? splitFile(original) : null;
    var oldValues = parts ? parseFront(parts.front) : {};
    var layout = parts ? keyBlocks(parts.front) : { preamble: "", blocks: [] };
    var order = (sortedKeys || []).filter(function (key) { return key !== "body"; });
    var result = [];
    layout.blocks.forEach(function (block) {
      if (!(block.key in data) || canonical(data[block.key]) === canonical(oldValues[block.key])) {
        result.push(block);
      } else if (!isEmpty(data[block.key])) {
        result.push({ key: block.key,
                      text: replaceLine(block, block.key, data[block.key], oldValues[block.key]) });
      }  // emptied: the key goes
    });
    var keys = function () { return result.map(function (block) { return block.key; }); };
    var extraKeys = Object.keys(data).filter(function (key) { return order.indexOf(key) < 0; });
    order.concat(extraKeys).forEach(function (key) {
      if (key === "body" || key === ORIGINAL || keys().indexOf(key) >= 0 || isEmpty(data[key])) return;
      result.splice(insertAt(keys(), order, key), 0, { key: key, text: line(key, data[key]) + "\n" });
    });
    var front = layout.preamble + result.map(function (block) { return block.text; }).join("");
    var body = isEmpty(data.body) ? "" : String(data.body);
    var tail;
    if (parts && body === parts.body.replace(/^(\r?\n)+/, "")) {
      tail = parts.body;
    } else {
      var gap = parts ? (/^(\r?\n)+/.exec(parts.body) || [""])[0] : "\n";
      tail = body ? gap + body.replace(/\s+$/, "") + "\n" : "";
    }
    return (parts ? parts.head : "---\n") + front + (parts ? parts.fence : "---\n") + tail;
  }

  // Locally, decap-server on the same host; elsewhere Decap ignores local_backend anyway.
  function withLocalBackend(config) {
    var local = ["127.0.0.1", "localhost"].indexOf(window.location.hostname) >= 0;
    if (!local) {
      delete config.local_backend;
      return config;
    }
    var port = new URLSearchParams(window.location.search).get("proxy") || "8081";
    if (!/^\d{2,5}$/.test(port)) port = "8081";
    config.local_backend = { url: "http://" + window.location.hostname + ":" + port + "/api/v1" };
    return config;
  }

  // We read config.yml ourselves: Decap refuses a config file that a server sends with
  // another type than YAML (Python's and MkDocs' servers say application/octet-stream).
  function loadConfig() {
    return fetch("config.yml", { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("config.yml: " + response.status);
        return response.text();
      })
      .then(function (text) {
        var config = window.jsyaml.load(text, CORE);
        config.load_config_file = false;
        return withLocalBackend(config);
      });
  }

  window.kennispuntFormaat = { fromFile: fromFile, toFile: toFile };  // for the tests

  window.addEventListener("DOMContentLoaded", function () {
    if (!window.CMS) {
      document.getElementById("kennispunt-niet-geinstalleerd").hidden = false;
      return;
    }
    window.CMS.registerCustomFormat("kennispunt", "md", { fromFile: fromFile, toFile: toFile });
    loadConfig().then(function (config) {
      window.CMS.init({ config: config });
    }, function (error) {
      var note = document.getElementById("kennispunt-niet-geinstalleerd");
      note.textContent = "Het bewerkscherm kon zijn instellingen niet laden (" + error.message + ").";
      note.hidden = false;
    });
  });
})();
