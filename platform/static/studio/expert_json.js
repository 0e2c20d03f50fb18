// Expert mode: the no-JS textarea becomes a CodeMirror 6 editor (JSON highlighting, syntax and JSON Schema
// linting, completion). The textarea stays in the form and is filled in before every submit, so saving is the
// same POST through the same checks; a syntax error is shown with its line and column as you type.
import { EditorView, basicSetup } from "codemirror";
import { EditorState } from "@codemirror/state";
import { json, jsonLanguage, jsonParseLinter } from "@codemirror/lang-json";
import { linter, lintGutter } from "@codemirror/lint";
import { hoverTooltip } from "@codemirror/view";
import { jsonCompletion, jsonSchemaHover, jsonSchemaLinter, stateExtensions, handleRefresh } from "codemirror-json-schema";

function syntaxProblem(text, doc) {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    const match = /position (\d+)/.exec(error.message);
    const pos = match ? Math.min(Number(match[1]), doc.length) : doc.length;
    const line = doc.lineAt(pos);
    const message = error.message.replace(/\s*(in JSON )?at position \d+.*$/, "").replace(/^JSON\.parse: /, "");
    return { pos, line: line.number, column: pos - line.from + 1, message };
  }
}

function editorSchema() {
  const node = document.getElementById("sv-json-schema");
  return node ? JSON.parse(node.textContent) : null;
}

function mount(form) {
  const textarea = form.querySelector("textarea[name=json]");
  const label = form.querySelector(`label[for="${textarea.id}"]`);
  const status = document.createElement("p");
  status.className = "sv-json-status";
  status.id = `${textarea.id}-status`;
  status.setAttribute("aria-live", "polite");
  const holder = document.createElement("div");
  holder.className = "sv-editor";
  holder.dataset.svEditor = "";
  textarea.after(holder, status);
  textarea.hidden = true;
  if (label) label.id = label.id || `${textarea.id}-label`;

  const schema = editorSchema();
  let dirty = false;
  const report = (view) => {
    const problem = syntaxProblem(view.state.doc.toString(), view.state.doc);
    status.textContent = problem ? `Line ${problem.line}, column ${problem.column}: ${problem.message}` : "The JSON is well formed.";
    status.classList.toggle("studio-field-error", Boolean(problem));
  };
  const extensions = [
    basicSetup,
    json(),
    lintGutter(),
    linter(jsonParseLinter(), { delay: 300 }),
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({
      "aria-labelledby": label ? label.id : "",
      "aria-describedby": [textarea.getAttribute("aria-describedby"), status.id].filter(Boolean).join(" "),
      "aria-multiline": "true",
    }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) {
        dirty = true;
        textarea.value = update.state.doc.toString();
        report(update.view);
      }
    }),
    EditorState.readOnly.of(textarea.readOnly),
  ];
  if (schema) {
    extensions.push(
      linter(jsonSchemaLinter(), { needsRefresh: handleRefresh }),
      jsonLanguage.data.of({ autocomplete: jsonCompletion() }),
      hoverTooltip(jsonSchemaHover()),
      stateExtensions(schema),
    );
  }
  const view = new EditorView({ doc: textarea.value, extensions, parent: holder });
  report(view);

  const line = Number(form.dataset.errorLine);
  if (line && line <= view.state.doc.lines) {
    const at = Math.min(view.state.doc.line(line).from + Number(form.dataset.errorColumn || 1) - 1, view.state.doc.length);
    view.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: "center" }) });
  }
  // The error summary links to the textarea; with the editor on, the link focuses the editor instead.
  document.querySelectorAll(`a[href="#${textarea.id}"]`).forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      view.focus();
    });
  });
  form.addEventListener("submit", () => {
    textarea.value = view.state.doc.toString();
    dirty = false;
  });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) event.preventDefault();  // unsaved edits: the browser asks before leaving
  });
  form.svEditorView = view;
}

document.querySelectorAll("form[data-sv-json-form]").forEach(mount);
