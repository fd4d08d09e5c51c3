// Typing that the browser has not yet sent is kept when the tab is closed or reloaded.
//
// Streamlit sends a text field when it loses focus or gets Enter (Ctrl+Enter in a text area), and
// a cell of the data editor when its editor closes. If the tab closes or reloads first, the text
// was never sent. On leaving with such text this finishes the edit (the field loses focus; the
// cell editor gets the click outside it, after which the data editor sends without its delay)
// and asks the browser to confirm the leave. The page is held while the question is open, so the
// text goes once it is answered: staying saves it; leaving sends it as the page closes, which
// mostly lands. Text in a form that was not submitted is not sent, and the question warns of it.
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
      if (commits && isTextField(field)) sent.set(field, field.value);
    },
    true,
  );
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
