// What a user typed or clicked is kept when the tab closes or reloads, and when the connection
// to the server drops and comes back. (It relies on Streamlit's data-test attributes and its "R"
// shortcut: see cxworkbook/ui/internals.py.)
//
// Streamlit sends a text field when it loses focus or gets Enter (Ctrl+Enter in a text area), and
// a cell of the data editor when its editor closes. If the tab closes or reloads first, the text
// was never sent. On leaving with such text this finishes the edit (the field loses focus; the
// cell editor gets the click outside it, after which the data editor sends without its delay)
// and asks the browser to confirm the leave. The page is held while the question is open, so the
// text goes once it is answered: staying saves it; leaving sends it as the page closes, which
// mostly lands. Text in a form that was not submitted is not sent, and the question warns of it.
//
// A page whose connection comes back is run at once. A server that restarted answers with a new
// session, and that session runs no widget's callback before it has run the page once: the
// first click or edit after the restart would be dropped. Streamlit's own "R" (rerun) runs it.
//
// Text that was sent is kept here until a run that began after it has ended on the same
// connection: only then has the server saved it. If the connection drops first (the server was
// killed the instant Enter was pressed), the text is sent again once the page is back, as is
// typing the drop cut off (Streamlit disables every widget while the server is away, which takes
// the focus from the field being typed in, and the edit that blur sends goes nowhere). After the
// run above, each such field gets its text back and is sent, again while a run after the send
// does not show it (a value from that run can arrive just after the send, and undo it). Never
// while a text field has the focus: the user's own typing comes first, and their blur counts as
// a send.
(() => {
  if (window.cxworkbookKeepsTyping) return;
  window.cxworkbookKeepsTyping = true;

  // Streamlit's own text fields: not a picker's search box, nor the table's.
  const TEXT_FIELDS = ["stTextInput", "stTextArea", "stNumberInput"]
    .map((kind) => `[data-testid=${kind}]`)
    .join(", ");
  const isTextField = (element) =>
    (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) &&
    element.closest(TEXT_FIELDS) !== null;
  // An open cell editor holds an edit, even one whose first key opened it with that key's text.
  const isCellEditor = (element) => element?.classList?.contains("gdg-input") === true;
  const sent = new WeakMap();
  const unsent = (field) =>
    isCellEditor(field) || (isTextField(field) && sent.get(field) !== field.value);
  const FORM = "[data-testid=stForm]";
  const app = document.querySelector("[data-testid=stApp]");
  const keyOf = (field) => field.closest("[class*='st-key-']")?.className.match(/st-key-\S+/)?.[0];
  const TICK_MS = 200;
  const RUN_AWAITED_MS = 1500; // a send that started no run in this long was undone: again
  const MOST_SENDS = 5;
  const unconfirmed = new Map(); // key -> {value, after}: sent, and no run has shown it saved
  const stranded = []; // [{key, value, sends, sentAfter, sentAt}]: to send again, in turn
  let runsOver = 0;
  let rerunAsked = null; // when the page was last run anew after its connection came back
  let scriptState = app?.dataset.testScriptState;
  let connection = app?.dataset.testConnectionState;
  let lastSeen = "";

  const strand = (key, value) => {
    const earlier = stranded.findIndex((entry) => entry.key === key);
    if (earlier >= 0) stranded.splice(earlier, 1);
    stranded.push({ key, value, sends: 0 });
  };
  // A field's text goes to the server: keep it until a run shows it saved.
  const sending = (field) => {
    sent.set(field, field.value);
    const key = keyOf(field);
    if (key && !field.closest(FORM)) unconfirmed.set(key, { value: field.value, after: runsOver });
  };

  document.addEventListener(
    "focusin",
    (event) => {
      if (isTextField(event.target)) sent.set(event.target, event.target.value);
    },
    true,
  );
  document.addEventListener(
    "keydown",
    (event) => {
      const field = event.target;
      const commits =
        event.key === "Enter" &&
        (field instanceof HTMLInputElement || event.ctrlKey || event.metaKey);
      if (commits && isTextField(field)) sending(field);
    },
    true,
  );

  const rerun = () => {
    rerunAsked = Date.now();
    for (const type of ["keydown", "keyup"]) {
      document.dispatchEvent(new KeyboardEvent(type, { key: "r", code: "KeyR", bubbles: true }));
    }
  };
  const send = (field, value) => {
    const setValue = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field), "value").set;
    field.focus();
    if (field.value === value) {
      setValue.call(field, `${value} `); // React sends no change for the value it already has
      field.dispatchEvent(new Event("input", { bubbles: true }));
    }
    setValue.call(field, value);
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.blur(); // counted as a send by the focusout listener
  };
  // Acts only once the page has settled (idle, connected, the field unchanged for a tick):
  // Streamlit marks a run as over before the run's last values are shown in its fields.
  const tick = () => {
    const head = stranded[0];
    const where = `.${CSS.escape(head.key)} :is(input, textarea)`;
    const field = document.querySelector(where);
    if (!field) {
      stranded.shift();
      return;
    }
    const { testConnectionState, testScriptState } = app.dataset;
    const seen = [testConnectionState, testScriptState, runsOver, field.value].join("\n");
    const settled = seen === lastSeen;
    lastSeen = seen;
    const idle = testConnectionState === "CONNECTED" && testScriptState === "notRunning";
    if (!settled || !idle || field.disabled || isTextField(document.activeElement)) return;
    if (rerunAsked !== null) {
      if (Date.now() - rerunAsked > RUN_AWAITED_MS) rerun();
      return;
    }
    const ranSince = head.sends > 0 && runsOver > head.sentAfter;
    if (head.sends > 0 && !ranSince && Date.now() - head.sentAt < RUN_AWAITED_MS) return;
    const landed = ranSince && field.value === head.value;
    if (landed || head.sends >= MOST_SENDS) {
      stranded.shift();
    } else {
      send(field, head.value);
    }
  };
  setInterval(() => stranded.length && tick(), TICK_MS);
  document.addEventListener(
    "focusout",
    (event) => {
      const field = event.target;
      if (!app || !isTextField(field) || field.closest(FORM)) return;
      const key = keyOf(field);
      if (field.disabled && unsent(field)) {
        strand(key, field.value);
      } else if (stranded[0]?.key === key) {
        // a send, with whatever was typed on since the connection came back
        const head = stranded[0];
        Object.assign(head, { value: field.value, sentAfter: runsOver, sentAt: Date.now() });
        head.sends += 1;
      } else if (unsent(field)) {
        sending(field);
      }
    },
    true,
  );
  if (app) {
    new MutationObserver(() => {
      const { testScriptState, testConnectionState } = app.dataset;
      if (testScriptState === "notRunning" && scriptState !== "notRunning") {
        runsOver += 1;
        rerunAsked = null;
        for (const [key, edit] of unconfirmed) {
          if (runsOver > edit.after) unconfirmed.delete(key);
        }
      }
      if (testConnectionState !== "CONNECTED" && connection === "CONNECTED") {
        for (const [key, edit] of unconfirmed) strand(key, edit.value);
        unconfirmed.clear();
      }
      if (testConnectionState === "CONNECTED" && connection !== "CONNECTED") rerun();
      scriptState = testScriptState;
      connection = testConnectionState;
    }).observe(app, {
      attributes: true,
      attributeFilter: ["data-test-script-state", "data-test-connection-state"],
    });
  }
  window.addEventListener("beforeunload", (event) => {
    const field = document.activeElement;
    if (!unsent(field)) return;
    if (isCellEditor(field)) {
      document.body.dispatchEvent(new PointerEvent("pointerdown", { bubbles: true }));
    } else {
      field.blur();
    }
    event.preventDefault();
    event.returnValue = "";
  });
})();

// Answering by keyboard. 1–9 picks the nth answer of the question in focus (a value of the 1–5
// scale, or one of the question's own options), or with nothing in focus of the first question not
// yet answered, and moves the focus to the next question; Shift with the digit sets that
// question's target, or the dimension's where the pack asks targets per dimension (the digit alone
// does too with the focus on it, and moves on to the next dimension's button). On any other 1–5
// scale in focus, or with the focus elsewhere in a form on the form's first scale not yet chosen
// (a new touchpoint's ratings), 1–5 chooses and moves the focus on to the form's next scale, or to
// the control after it (Add). Never while a text field has the focus: there a digit is typing.
(() => {
  if (window.cxworkbookAnswersByKeys) return;
  window.cxworkbookAnswersByKeys = true;

  const CARD = "[class*='st-key-card_']";
  const DIMENSION_TARGET = "[class*='st-key-target_']";
  const TODAY = "[class*='-current']";
  const TARGET = "[class*='-target']";
  const NEXT_DIMENSION = ".st-key-next_dimension button";
  const TYPING = "textarea, [contenteditable=true], input:not([type=checkbox]):not([type=radio])";
  const options = (scale) => [...(scale?.querySelectorAll("[role=radio]") ?? [])];
  const answered = (card) => card.querySelector(`${TODAY} [role=radio][aria-checked=true]`);
  // A chosen option clicked again would be cleared: a key only ever sets.
  const choose = (scale, level) => {
    const option = options(scale)[level - 1];
    if (!option || option.disabled) return false;
    if (option.getAttribute("aria-checked") !== "true") option.click();
    return true;
  };

  const isScale = (group) =>
    options(group)
      .map((option) => option.textContent.trim())
      .join() === "1,2,3,4,5";
  const FORM = "[data-testid=stForm]";
  const scalesOf = (form) => [...form.querySelectorAll("[role=radiogroup]")].filter(isScale);
  const chosen = (scale) => scale.querySelector("[role=radio][aria-checked=true]");
  const FOCUSABLE = "button, input, textarea, [tabindex]:not([tabindex='-1'])";
  // The first control after `element` in the order Tab follows
  const focusAfter = (element) => {
    const following = [...document.querySelectorAll(FOCUSABLE)].find(
      (each) =>
        element.compareDocumentPosition(each) & Node.DOCUMENT_POSITION_FOLLOWING &&
        !element.contains(each) &&
        !each.disabled &&
        each.getClientRects().length > 0,
    );
    following?.focus();
  };

  document.addEventListener(
    "keydown",
    (event) => {
      const digit = /^(?:Digit|Numpad)([1-9])$/.exec(event.code);
      if (!digit || event.ctrlKey || event.metaKey || event.altKey) return;
      const focused = document.activeElement;
      if (focused?.matches(TYPING)) return;
      const level = Number(digit[1]);
      const dimensionTarget = focused?.closest(DIMENSION_TARGET);
      if (dimensionTarget) {
        if (!choose(dimensionTarget, level)) return;
        event.preventDefault();
        document.querySelector(NEXT_DIMENSION)?.focus();
        return;
      }
      const form = focused?.closest(FORM);
      const inForm = form ? scalesOf(form) : [];
      const inFocus = focused?.closest("[role=radiogroup]");
      const scale = inFocus && isScale(inFocus) ? inFocus : inForm.find((each) => !chosen(each));
      if (scale && !focused.closest(CARD) && !event.shiftKey) {
        if (!choose(scale, level)) return;
        event.preventDefault();
        const next = inForm[inForm.indexOf(scale) + 1];
        if (next) {
          options(next)[0].focus();
        } else {
          focusAfter(scale);
        }
        return;
      }
      const cards = [...document.querySelectorAll(CARD)];
      const card = focused?.closest(CARD) ?? cards.find((each) => !answered(each));
      if (!card) return;
      if (event.shiftKey) {
        const target = card.querySelector(TARGET) ?? document.querySelector(DIMENSION_TARGET);
        if (choose(target, level)) event.preventDefault();
        return;
      }
      if (!choose(card.querySelector(TODAY), level)) return;
      event.preventDefault();
      const next = cards[cards.indexOf(card) + 1];
      const onward = next
        ? options(next.querySelector(TODAY))[0]
        : document.querySelector(`${DIMENSION_TARGET} [role=radio], ${NEXT_DIMENSION}`);
      onward?.focus();
    },
    true,
  );
})();

// One item after another: once a form has been sent and the page has run, the focus is back in
// the form's first text field, so the next touchpoint (or stage, or goal) is typed right away
// instead of clicked into.
(() => {
  if (window.cxworkbookFormsRefocus) return;
  window.cxworkbookFormsRefocus = true;

  const app = document.querySelector("[data-testid=stApp]");
  const FORM = "[data-testid=stForm]";
  const FIELD = ":is([data-testid=stTextInput], [data-testid=stTextArea]) :is(input, textarea)";
  let sentForm = null;

  // Whatever else is pressed or clicked next forgets it: a form may not send on Enter.
  document.addEventListener(
    "keydown",
    (event) => {
      const sends = event.key === "Enter" && event.target.matches?.(`${FORM} ${FIELD}`);
      sentForm = sends ? event.target.closest(FORM) : null;
    },
    true,
  );
  document.addEventListener(
    "click",
    (event) => {
      const button = event.target.closest?.("button[data-testid*=FormSubmit]");
      sentForm = button?.closest(FORM) ?? null;
    },
    true,
  );
  if (!app) return;
  new MutationObserver(() => {
    if (!sentForm || app.dataset.testScriptState !== "notRunning") return;
    const form = sentForm;
    sentForm = null;
    if (form.isConnected) form.querySelector(FIELD)?.focus();
  }).observe(app, { attributes: true, attributeFilter: ["data-test-script-state"] });
})();

// Rules for the page. Streamlit writes "Press Enter to apply" under a text field in English
// whatever the page's language; a field is saved when it loses the focus as well, so the hint
// goes. The page starts near the top: on a 1024×768 projector Streamlit's own space above the
// title pushed the first question out of sight. The button that hides the sidebar, so the room
// sees the whole page, is always there, not only under a mouse (hidden, no key reached it). And
// the journey canvas, wider than a projector's page, scrolls sideways rather than being cut off.
(() => {
  if (document.getElementById("cxworkbook-style")) return;
  const style = document.createElement("style");
  style.id = "cxworkbook-style";
  style.textContent = `[data-testid=InputInstructions] { display: none; }
    [data-testid=stMainBlockContainer] { padding-top: 2rem; }
    [data-testid=stSidebarCollapseButton] { visibility: visible !important; }
    .st-key-journey_canvas { overflow-x: auto; }`;
  document.head.append(style);
})();
