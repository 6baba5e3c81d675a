/* Vårdportalen video meeting client: Janus VideoRoom through janus.js (static/video/vendor/janus.js).
 *
 * The page carries data attributes:
 *   data-anslut-url   (staff) POST here to get Janus credentials: the staff member is admitted at once
 *   data-in-url       (participant) POST the join token from the URL fragment here (once)
 *   data-status-url   (participant) polled: waiting room -> admitted (with credentials) -> left/removed
 *   data-lamna-url    POST when leaving
 * Media go straight between the browser and Janus; nothing is recorded.
 * window.videomote.stats() sums inbound video bytes and decoded frames (used by the browser tests).
 */
(function () {
  "use strict";
  var root = document.getElementById("videomote");
  if (!root) { return; }
  var statusText = document.getElementById("videomote-status");
  var remotes = document.getElementById("videomote-remotes");
  var localVideo = document.getElementById("videomote-local");
  var state = { janus: null, publisher: null, privateId: null, feeds: {}, conf: null, started: false, ended: false };
  window.videomote = state;

  function csrf() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) { return decodeURIComponent(match[1]); }
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function say(text) { if (statusText) { statusText.textContent = text; } }

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(body || {}).toString()
    }).then(function (r) { return r.json().then(function (data) { data.httpStatus = r.status; return data; }); });
  }

  function subscribe(feed) {
    if (state.feeds[feed.id] || feed.id === state.conf.id) { return; }
    state.feeds[feed.id] = { handle: null, display: feed.display };
    state.janus.attach({
      plugin: "janus.plugin.videoroom",
      success: function (handle) {
        state.feeds[feed.id].handle = handle;
        handle.send({ message: { request: "join", ptype: "subscriber", room: state.conf.rum, pin: state.conf.pin,
                                 private_id: state.privateId, streams: [{ feed: feed.id }] } });
      },
      error: function (err) { say("Kunde inte ta emot video: " + err); },
      onmessage: function (msg, jsep) {
        var handle = state.feeds[feed.id] && state.feeds[feed.id].handle;
        if (jsep && handle) {
          handle.createAnswer({
            jsep: jsep, tracks: [{ type: "data" }],
            success: function (answer) { handle.send({ message: { request: "start", room: state.conf.rum }, jsep: answer }); },
            error: function (err) { say("Kunde inte ta emot video: " + err); }
          });
        }
      },
      onremotetrack: function (track, mid, on) {
        var id = "feed-" + feed.id + "-" + track.kind;
        var element = document.getElementById(id);
        if (!on) { if (element) { element.remove(); } return; }
        if (!element) {
          element = document.createElement(track.kind === "video" ? "video" : "audio");
          element.id = id;
          element.autoplay = true;
          element.playsInline = true;
          if (track.kind === "video") {
            var figure = document.createElement("figure");
            var caption = document.createElement("figcaption");
            caption.textContent = feed.display || "";
            figure.id = "figur-" + feed.id;
            figure.appendChild(element);
            figure.appendChild(caption);
            remotes.appendChild(figure);
          } else {
            remotes.appendChild(element);
          }
        }
        element.srcObject = new MediaStream([track]);
      },
      oncleanup: function () { removeFeed(feed.id); }
    });
  }

  function removeFeed(id) {
    var feed = state.feeds[id];
    delete state.feeds[id];
    ["figur-" + id, "feed-" + id + "-audio"].forEach(function (elementId) {
      var element = document.getElementById(elementId);
      if (element) { element.remove(); }
    });
    if (feed && feed.handle) { try { feed.handle.detach(); } catch (e) { /* already gone */ } }
  }

  function onPublishers(list) { (list || []).forEach(subscribe); }

  function publish() {
    state.publisher.createOffer({
      tracks: [{ type: "audio", capture: true, recv: false }, { type: "video", capture: true, recv: false }],
      success: function (jsep) { state.publisher.send({ message: { request: "publish", audio: true, video: true }, jsep: jsep }); },
      error: function (err) { say("Kameran eller mikrofonen kunde inte startas: " + (err && err.message ? err.message : err)); }
    });
  }

  function start(conf) {
    if (state.started) { return; }
    state.started = true;
    state.conf = conf;
    say("Ansluter till mötet …");
    Janus.init({ debug: false, callback: function () {
      state.janus = new Janus({
        server: conf.server, token: conf.token, iceServers: conf.iceServers && conf.iceServers.length ? conf.iceServers : undefined,
        success: function () {
          state.janus.attach({
            plugin: "janus.plugin.videoroom",
            success: function (handle) {
              state.publisher = handle;
              handle.send({ message: { request: "join", ptype: "publisher", room: conf.rum, pin: conf.pin, token: conf.token,
                                       id: conf.id, display: conf.namn } });
            },
            error: function (err) { say("Kunde inte ansluta: " + err); },
            onmessage: function (msg, jsep) {
              if (msg.videoroom === "joined") {
                state.privateId = msg.private_id;
                say("Du är i mötet.");
                root.setAttribute("data-ansluten", "true");
                publish();
                onPublishers(msg.publishers);
              } else if (msg.videoroom === "event") {
                onPublishers(msg.publishers);
                if (msg.leaving) { removeFeed(msg.leaving); }
                if (msg.unpublished) { removeFeed(msg.unpublished); }
                if (msg.error) { say("Fel i mötet: " + msg.error); }
              } else if (msg.videoroom === "destroyed") {
                end("Mötet är avslutat.");
              }
              if (jsep) { state.publisher.handleRemoteJsep({ jsep: jsep }); }
            },
            onlocaltrack: function (track, on) {
              if (track.kind === "video" && on && localVideo) { localVideo.srcObject = new MediaStream([track]); }
            }
          });
        },
        error: function (err) { if (!state.ended) { say("Anslutningen till videotjänsten bröts: " + err); } },
        destroyed: function () { /* left */ }
      });
    } });
  }

  function end(text) {
    state.ended = true;
    say(text);
    root.setAttribute("data-ansluten", "false");
    Object.keys(state.feeds).forEach(removeFeed);
    if (state.janus) { try { state.janus.destroy({ cleanupHandles: true }); } catch (e) { /* gone */ } }
    var knapp = document.getElementById("videomote-lamna");
    if (knapp) { knapp.hidden = true; }
  }

  state.stats = function () {
    var handles = Object.keys(state.feeds).map(function (id) { return state.feeds[id].handle; }).filter(Boolean);
    return Promise.all(handles.map(function (handle) {
      var pc = handle.webrtcStuff && handle.webrtcStuff.pc;
      return pc ? pc.getStats() : Promise.resolve(new Map());
    })).then(function (reports) {
      var total = { feeds: handles.length, bytes: 0, frames: 0, withVideo: 0 };
      reports.forEach(function (report) {
        var seen = false;
        report.forEach(function (s) {
          if (s.type === "inbound-rtp" && s.kind === "video") {
            total.bytes += s.bytesReceived || 0;
            total.frames += s.framesDecoded || 0;
            if ((s.framesDecoded || 0) > 0) { seen = true; }
          }
        });
        if (seen) { total.withVideo += 1; }
      });
      return total;
    });
  };

  function poll() {
    var url = root.getAttribute("data-status-url");
    if (!url || state.ended) { return; }
    fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (r) { return r.json(); }).then(function (data) {
      root.setAttribute("data-status", data.status);
      if (data.status === "inslappt" && data.janus) {
        start(data.janus);
        if (data.ljud_avstangt && state.publisher && !state.mutedByHost) {
          state.mutedByHost = true;
          state.publisher.muteAudio();
          say("Värden har stängt av ditt ljud.");
        }
      } else if (data.status === "vantar") {
        say(data.text);
      } else {
        end(data.text || "Du är inte i mötet.");
        return;
      }
      window.setTimeout(poll, 2000);
    }).catch(function () { window.setTimeout(poll, 4000); });
  }

  var lamna = document.getElementById("videomote-lamna");
  if (lamna) {
    lamna.addEventListener("click", function () {
      post(root.getAttribute("data-lamna-url")).then(function () { end("Du har lämnat mötet."); });
    });
  }

  var anslutUrl = root.getAttribute("data-anslut-url");
  var anslutKnapp = document.getElementById("videomote-anslut");
  if (anslutUrl && anslutKnapp) {
    anslutKnapp.addEventListener("click", function () {
      anslutKnapp.disabled = true;
      post(anslutUrl).then(function (data) {
        if (data.janus) { start(data.janus); anslutKnapp.hidden = true; if (lamna) { lamna.hidden = false; } }
        else { say(data.fel || "Kunde inte ansluta."); anslutKnapp.disabled = false; }
      });
    });
  }

  var inUrl = root.getAttribute("data-in-url");
  if (inUrl) {
    var match = window.location.hash.match(/token=([^&]+)/);
    if (match) {
      var token = decodeURIComponent(match[1]);
      history.replaceState(null, "", window.location.pathname);  // the token is spent: out of the address bar
      post(inUrl, { token: token }).then(function (data) {
        if (data.httpStatus !== 200) { say(data.fel || "Länken till mötet är inte giltig."); root.setAttribute("data-status", "nekad"); return; }
        if (lamna) { lamna.hidden = false; }
        poll();
      });
    } else {
      if (lamna) { lamna.hidden = false; }
      poll();
    }
  }
})();
