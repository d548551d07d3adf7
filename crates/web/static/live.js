// The live page of an assembly (the projector): follows the assembly's server-sent events and
// shows each new state. Without JavaScript the page reloads itself every few seconds instead.
(function () {
  var live = document.getElementById("live");
  if (!window.EventSource || !live || !live.dataset.events) return;
  var source = new EventSource(live.dataset.events);
  source.onmessage = function (e) { live.innerHTML = e.data; };
  source.onerror = function () { if (source.readyState === 2) location.reload(); };
})();
