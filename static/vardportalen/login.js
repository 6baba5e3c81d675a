/* SITHS card login (templates/vardportalen/siths/login.html).
 *
 * 1. Ask the card agent on this computer (data-agent-url) which cards are in the reader: GET /kort.
 * 2. On submit, send the challenge (data-nonce), the PIN and the chosen card to the agent: POST /signera.
 *    The PIN goes to the agent only.
 * 3. Post the agent's answer {signature, certificate} - or its error code {agent_error} - to the portal
 *    (data-login-url, with the CSRF token). The portal answers {redirect} or {fel, meddelande, nonce}.
 */
(function () {
  "use strict";

  var form = document.getElementById("kortinloggning");
  if (!form) { return; }

  var agentUrl = form.dataset.agentUrl;
  var loginUrl = form.dataset.loginUrl;
  var nextUrl = form.dataset.next || "";
  var nonce = form.dataset.nonce;
  var errorRegion = document.getElementById("login-fel");
  var statusLine = document.getElementById("kortagent-status");
  var cardChoice = document.getElementById("kortval");
  var cardSelect = document.getElementById("kort");
  var singleCard = document.getElementById("ett-kort");
  var pinField = document.getElementById("pin");
  var submitButton = document.getElementById("logga-in");
  var searchButton = document.getElementById("sok-kort");
  var csrfToken = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  var texts = {};
  var template = document.getElementById("texter");
  if (template) {
    template.content.querySelectorAll("[data-key]").forEach(function (el) { texts[el.dataset.key] = el.textContent; });
  }
  function t(key) { return texts[key] || key; }

  var cards = null; // null: the agent did not answer; []: no card in the reader

  function showError(message) {
    errorRegion.textContent = message;
  }
  function clearError() { errorRegion.textContent = ""; }
  function setStatus(message, problem) {
    statusLine.textContent = message;
    statusLine.classList.toggle("saknas", Boolean(problem));
  }
  function setBusy(busy) {
    submitButton.disabled = busy;
    searchButton.disabled = busy;
    form.setAttribute("aria-busy", busy ? "true" : "false");
  }

  function fetchWithTimeout(url, options, ms) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, ms);
    options.signal = controller.signal;
    return fetch(url, options).finally(function () { clearTimeout(timer); });
  }

  function describe(card) {
    var text = card.name || card.label || card.id;
    if (card.hsa_id) { text += " (" + card.hsa_id + ")"; }
    if (card.pin_locked) { text += " " + t("spärrat"); }
    return text;
  }

  function render() {
    var previous = cardSelect.value;
    cardSelect.textContent = "";
    cardChoice.hidden = true;
    singleCard.hidden = true;
    if (cards === null) { setStatus(t("agent_saknas"), true); return; }
    if (cards.length === 0) { setStatus(t("inget_kort"), true); return; }
    if (cards.length === 1) {
      singleCard.textContent = t("ett_kort") + " " + describe(cards[0]);
      singleCard.hidden = false;
      setStatus(t("kort_klart"), false);
      return;
    }
    cards.forEach(function (card) {
      var option = document.createElement("option");
      option.value = card.id;
      option.textContent = describe(card);
      cardSelect.appendChild(option);
    });
    if (previous && cards.some(function (c) { return c.id === previous; })) { cardSelect.value = previous; }
    cardChoice.hidden = false;
    setStatus(t("flera_kort"), false);
  }

  function findCards() {
    setStatus(t("soker"), false);
    return fetchWithTimeout(agentUrl + "/kort", { method: "GET", mode: "cors", cache: "no-store" }, 8000)
      .then(function (response) {
        if (!response.ok) { throw new Error("card agent answered " + response.status); }
        return response.json();
      })
      .then(function (data) { cards = Array.isArray(data.cards) ? data.cards : []; })
      .catch(function () { cards = null; })
      .then(render);
  }

  function chosenCard() {
    if (!cards || cards.length === 0) { return null; }
    return cards.length === 1 ? cards[0].id : cardSelect.value;
  }

  function askAgent(pin) {
    if (cards === null) { return Promise.resolve({ agent_error: "ingen_kortagent" }); }
    if (cards.length === 0) { return Promise.resolve({ agent_error: "inget_kort" }); }
    var body = JSON.stringify({ nonce: nonce, pin: pin, card: chosenCard() });
    return fetchWithTimeout(agentUrl + "/signera", {
      method: "POST", mode: "cors", cache: "no-store",
      headers: { "Content-Type": "application/json" }, body: body
    }, 60000)
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (answer.signature && answer.certificate) {
          return { signature: answer.signature, certificate: answer.certificate };
        }
        var report = { agent_error: answer.error || "kortagent_fel" };
        if (typeof answer.tries_left === "number") { report.tries_left = answer.tries_left; }
        return report;
      })
      .catch(function () { return { agent_error: "ingen_kortagent" }; });
  }

  function tellPortal(payload) {
    payload.nonce = nonce;
    payload.next = nextUrl;
    return fetch(loginUrl, {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken },
      body: JSON.stringify(payload)
    }).then(function (response) { return response.json(); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearError();
    var pin = pinField.value;
    if (!/^[0-9]{6,12}$/.test(pin)) {
      pinField.setAttribute("aria-invalid", "true");
      showError(t("pin_format"));
      pinField.focus();
      return;
    }
    pinField.removeAttribute("aria-invalid");
    setBusy(true);
    setStatus(t("loggar_in"), false);
    var ready = (cards && cards.length) ? Promise.resolve() : findCards();
    ready
      .then(function () { return askAgent(pin); })
      .then(function (payload) {
        pin = null;
        pinField.value = "";
        return tellPortal(payload).then(function (answer) {
          if (answer.redirect) {
            window.location.assign(answer.redirect);
            return;
          }
          if (answer.nonce) { nonce = answer.nonce; form.dataset.nonce = answer.nonce; }
          showError(answer.meddelande || t("natverksfel"));
          setBusy(false);
          pinField.focus();
          if (payload.agent_error) { return findCards(); } // show a locked PIN or a removed card
          render();
        });
      })
      .catch(function () {
        showError(t("natverksfel"));
        setBusy(false);
        render();
      });
  });

  searchButton.addEventListener("click", function () {
    clearError();
    setBusy(true);
    findCards().then(function () { setBusy(false); });
  });

  findCards();
}());
