// The live page of an assembly (the projector): follows the assembly's server-sent events (one
// open stream; an "end" event brings the final state when the assembly ends) and changes only
// what changed, so that a screen reader hears only that (through #live-say). When
// the motion changes, the whole view is replaced and its title and state announced. Without
// JavaScript the page has a "Refresh" link (the projector's address reloads itself instead).
(function () {
  var live = document.getElementById("live");
  var say = document.getElementById("live-say");
  if (!window.EventSource || !live || !live.dataset.events || !window.DOMParser) return;
  var keyed = function (root) {
    var out = {};
    var nodes = root.querySelectorAll("[data-k]");
    for (var i = 0; i < nodes.length; i++) out[nodes[i].getAttribute("data-k")] = nodes[i];
    return out;
  };
  var text = function (node) { return node.textContent.replace(/\s+/g, " ").trim(); };
  var source = new EventSource(live.dataset.events);
  var apply = function (e) {
    var next = new DOMParser().parseFromString("<div>" + e.data + "</div>", "text/html").body.firstChild;
    var now = keyed(live), then = keyed(next);
    var same = Object.keys(now).join() === Object.keys(then).join();
    var changed = [];
    if (!same) {
      live.innerHTML = next.innerHTML;
      ["title", "state"].forEach(function (k) { if (then[k]) changed.push(text(then[k])); });
    } else {
      Object.keys(then).forEach(function (k) {
        if (now[k].innerHTML !== then[k].innerHTML || now[k].className !== then[k].className) {
          now[k].innerHTML = then[k].innerHTML;
          now[k].className = then[k].className;
          changed.push(text(then[k]));
        }
      });
    }
    if (say && changed.length) say.textContent = changed.join(". ");
  };
  source.onmessage = apply;
  // The assembly ended: its final state, and no more reconnecting.
  source.addEventListener("end", function (e) { apply(e); source.close(); });
  source.onerror = function () { if (source.readyState === 2) location.reload(); };
})();
