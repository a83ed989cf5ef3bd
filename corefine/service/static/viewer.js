/* corefine viewer: POST the text to v1/resolve and draw clusters and replacements.
 *
 * Why it is written this way:
 * - Offsets from the API are Python string indices (Unicode code points); JS strings
 *   index UTF-16 units, so every offset is converted before slicing, or a text with
 *   an emoji would be highlighted one character off after it.
 * - User text only ever goes into text nodes and attributes (never innerHTML).
 * - Mentions nest and may cross; the text is cut at every mention boundary and each
 *   piece is wrapped in the spans of the mentions covering it, outer ones first, as
 *   corefine/html.py does, so the markup is always well nested.
 * - Which replacements apply depends on the threshold in more ways than filtering
 *   (a doubtful mention cannot be the name either), so moving the slider asks the
 *   service again with min_confidence rather than guessing on the client.
 */
"use strict";
(function () {
  var GOLDEN_ANGLE = 137.508; // as corefine/html.py: successive hues stay far apart
  var EXAMPLE =
    "Louis Marinelli, the leader of the Yes California campaign, said he would leave " +
    "the United States for Russia. His wife teaches English in Yekaterinburg, where " +
    "she has lived for years. Marinelli told reporters that the campaign would go on " +
    "without him, and its volunteers said they were ready.";
  var DEBOUNCE_MS = 200;

  var $ = function (id) { return document.getElementById(id); };
  var form = $("form"), text = $("text"), replace = $("replace"), slider = $("confidence");
  var sliderValue = $("confidence-value"), status = $("status"), button = $("resolve");
  var results = $("results"), mentionsPane = $("mentions"), resolvedPane = $("resolved");
  var legend = $("clusters"), detail = $("detail"), summary = $("summary");
  var count = $("count"), serverInfo = $("server-info");

  var maxChars = null;
  var controller = null;
  var sequence = 0;
  var debounce = null;

  function colour(clusterId) {
    return "hsl(" + ((clusterId * GOLDEN_ANGLE) % 360).toFixed(0) + ", 75%, 82%)";
  }

  function fixed(value) {
    return value === null || value === undefined ? null : Number(value).toFixed(2);
  }

  /* unit[i]: the UTF-16 index of code point i (and of the end, i = number of code points). */
  function codePointUnits(s) {
    var units = [0], u = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        var d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) { i++; u++; }
      }
      u++;
      units.push(u);
    }
    return units;
  }

  function setStatus(message, isError) {
    status.textContent = message;
    status.classList.toggle("error", Boolean(isError));
  }

  function updateCount() {
    var n = codePointUnits(text.value).length - 1;
    count.textContent = n.toLocaleString("en") + (maxChars ? " / " + maxChars.toLocaleString("en") : "") + " characters";
    count.style.color = maxChars && n > maxChars ? "var(--error)" : "";
  }

  function updateSliderLabel() {
    sliderValue.textContent = Number(slider.value).toFixed(2);
  }

  /* Append `s` to `container` with each mark wrapped in well-nested spans. */
  function highlight(container, s, marks) {
    container.textContent = "";
    var units = codePointUnits(s);
    var cutSet = {};
    cutSet[0] = true;
    cutSet[units.length - 1] = true;
    marks.forEach(function (m) { cutSet[m.start] = true; cutSet[m.end] = true; });
    var cuts = Object.keys(cutSet).map(Number).sort(function (a, b) { return a - b; });
    var ordered = marks.slice().sort(function (a, b) { return a.start - b.start || b.end - a.end; });
    var open = [], stack = [container];
    for (var i = 0; i + 1 < cuts.length; i++) {
      var a = cuts[i], b = cuts[i + 1];
      var covering = ordered.filter(function (m) { return m.start <= a && b <= m.end; });
      var keep = 0;
      while (keep < open.length && keep < covering.length && open[keep] === covering[keep]) keep++;
      open.length = keep;
      stack.length = keep + 1;
      for (var j = keep; j < covering.length; j++) {
        var el = document.createElement("span");
        var m = covering[j];
        el.className = m.cls;
        el.dataset.cluster = String(m.cluster);
        el.style.background = colour(m.cluster);
        el.title = m.title;
        stack[stack.length - 1].appendChild(el);
        stack.push(el);
        open.push(m);
      }
      stack[stack.length - 1].appendChild(document.createTextNode(s.slice(units[a], units[b])));
    }
  }

  function mentionTitle(cluster, mention, replacement) {
    var parts = ["cluster " + cluster.id];
    if (mention.confidence !== null) parts.push("mention confidence " + fixed(mention.confidence));
    if (cluster.confidence !== null) parts.push("cluster confidence " + fixed(cluster.confidence));
    var title = parts.join(", ");
    if (replacement) title += "; replaced by \u201c" + replacement.replacement + "\u201d";
    return title;
  }

  function replacementTitle(r) {
    var title = "cluster " + r.cluster_id + ": replaces \u201c" + r.original + "\u201d";
    if (r.confidence !== null) title += ", confidence " + fixed(r.confidence);
    return title;
  }

  function clusterName(cluster, replacements) {
    for (var i = 0; i < replacements.length; i++) {
      if (replacements[i].cluster_id === cluster.id) return replacements[i].replacement;
    }
    var best = cluster.mentions[0].text;
    cluster.mentions.forEach(function (m) { if (m.text.length > best.length) best = m.text; });
    return best.length > 48 ? best.slice(0, 47) + "\u2026" : best;
  }

  function light(clusterId, message) {
    results.querySelectorAll(".on").forEach(function (x) { x.classList.remove("on"); });
    if (clusterId === null) { detail.textContent = ""; return; }
    results.querySelectorAll('[data-cluster="' + clusterId + '"]').forEach(function (x) { x.classList.add("on"); });
    detail.textContent = message || "";
  }

  function render(doc) {
    var byOriginal = {};
    doc.replacements.forEach(function (r) { byOriginal[r.start + ":" + r.end] = r; });
    var marks = [];
    doc.clusters.forEach(function (c) {
      c.mentions.forEach(function (m) {
        var r = byOriginal[m.start + ":" + m.end];
        marks.push({ start: m.start, end: m.end, cluster: c.id, title: mentionTitle(c, m, r), cls: r ? "m replaced" : "m" });
      });
    });
    highlight(mentionsPane, doc.text, marks);
    highlight(resolvedPane, doc.resolved_text, doc.replacements.map(function (r) {
      return { start: r.resolved_start, end: r.resolved_end, cluster: r.cluster_id, title: replacementTitle(r), cls: "r" };
    }));

    legend.textContent = "";
    doc.clusters.forEach(function (c) {
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.dataset.cluster = String(c.id);
      var chip = document.createElement("span");
      chip.className = "chip";
      chip.style.background = colour(c.id);
      chip.setAttribute("aria-hidden", "true");
      var name = document.createElement("span");
      name.textContent = clusterName(c, doc.replacements);
      var n = document.createElement("span");
      n.className = "n";
      n.textContent = "\u00d7" + c.mentions.length + (c.confidence === null ? "" : " \u00b7 " + fixed(c.confidence));
      b.append(chip, name, n);
      var info = "cluster " + c.id + ": " + c.mentions.length + " mentions" +
        (c.confidence === null ? "" : ", confidence " + fixed(c.confidence)) + ": " +
        c.mentions.map(function (m) { return "\u201c" + m.text + "\u201d"; }).join(", ");
      b.title = info;
      b.setAttribute("aria-label", name.textContent + ", " + info);
      b.addEventListener("mouseenter", function () { light(c.id, info); });
      b.addEventListener("focus", function () { light(c.id, info); });
      b.addEventListener("blur", function () { light(null); });
      li.appendChild(b);
      legend.appendChild(li);
    });
    if (!doc.clusters.length) {
      var empty = document.createElement("li");
      empty.className = "empty";
      empty.textContent = "No clusters found in this text.";
      legend.appendChild(empty);
    }
    var nMentions = doc.clusters.reduce(function (s, c) { return s + c.mentions.length; }, 0);
    summary.textContent = doc.clusters.length + " clusters, " + nMentions + " mentions, " +
      doc.replacements.length + " replacements at minimum confidence " + Number(slider.value).toFixed(2) + ".";
    results.hidden = false;
  }

  function resolve() {
    if (!text.value.trim()) {
      setStatus("Type or paste a text first.", true);
      text.focus();
      return;
    }
    if (controller) controller.abort();
    controller = new AbortController();
    var mine = ++sequence;
    button.setAttribute("aria-busy", "true");
    setStatus("Resolving\u2026");
    var body = { text: text.value, options: { replace: replace.value, min_confidence: Number(slider.value) } };
    fetch("v1/resolve", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      signal: controller.signal,
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, status: response.status, data: data }; },
        function () { return { ok: false, status: response.status, data: { error: "http_" + response.status, detail: response.statusText } }; });
    }).then(function (reply) {
      if (mine !== sequence) return;
      button.removeAttribute("aria-busy");
      if (!reply.ok) {
        setStatus("Error " + reply.status + " (" + reply.data.error + "): " + reply.data.detail, true);
        return;
      }
      render(reply.data);
      setStatus("Resolved: " + reply.data.clusters.length + " clusters, " + reply.data.replacements.length + " replacements.");
    }).catch(function (err) {
      if (err.name === "AbortError") return;
      if (mine !== sequence) return;
      button.removeAttribute("aria-busy");
      setStatus("Could not reach the corefine service: " + err.message, true);
    });
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); resolve(); });
  text.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); resolve(); }
  });
  text.addEventListener("input", updateCount);
  slider.addEventListener("input", function () {
    updateSliderLabel();
    if (results.hidden) return;
    clearTimeout(debounce);
    debounce = setTimeout(resolve, DEBOUNCE_MS);
  });
  replace.addEventListener("change", function () { if (!results.hidden) resolve(); });
  $("example").addEventListener("click", function () { text.value = EXAMPLE; updateCount(); text.focus(); });
  results.addEventListener("mouseover", function (e) {
    var t = e.target.closest("[data-cluster]");
    if (t && t.tagName === "SPAN") light(t.dataset.cluster, t.title);
  });
  results.addEventListener("mouseleave", function () { light(null); });

  fetch("healthz").then(function (r) { return r.json(); }).then(function (h) {
    maxChars = h.limits.max_text_chars;
    slider.value = String(h.min_confidence);
    updateSliderLabel();
    updateCount();
    serverInfo.textContent = "resolver: " + h.resolver + " \u00b7 corefine " + h.version;
  }).catch(function () {
    serverInfo.textContent = "service not reachable";
  });
  updateSliderLabel();
  updateCount();
})();
