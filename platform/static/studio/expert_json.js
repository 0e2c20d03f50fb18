// Expert mode: the no-JS textarea becomes a CodeMirror 6 editor (JSON highlighting, syntax and JSON Schema
// linting, completion). The textarea stays in the form and is filled in before every submit, so saving is the
// same POST through the same checks; a syntax error is shown with its line and column as you type.
import { EditorView, basicSetup } from "codemirror";
import { EditorState } from "@codemirror/state";
import { json, jsonLanguage, jsonParseLinter } from "@codemirror/lang-json";
import { linter, lintGutter } from "@codemirror/lint";
import { hoverTooltip } from "@codemirror/view";
import {
  getJsonPointers,
  handleRefresh,
  jsonCompletion,
  jsonSchemaHover,
  jsonSchemaLinter,
  stateExtensions,
} from "codemirror-json-schema";

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

// Where a JSON path is in the text: the part it names, or the nearest enclosing part that exists.
function pathPlace(state, path) {
  const pointers = getJsonPointers(state, "json4");
  let at = path === "/" ? "" : path;
  while (at && !pointers.has(at)) at = at.slice(0, at.lastIndexOf("/"));
  const place = pointers.get(at);
  if (!place) return { from: 0, to: Math.min(1, state.doc.length) };
  const from = place.keyFrom ?? place.valueFrom;
  return { from, to: Math.max(place.valueTo ?? place.keyTo ?? from, from) };
}

// The engine's problems from the last save name JSON paths; each is marked on the part of the text it points
// at for as long as the text is the one that was checked.
function savedProblemsLinter(form, checkedText) {
  const problems = [...form.querySelectorAll("[data-sv-json-problem][data-path]")].map((node) => ({
    path: node.dataset.path,
    message: node.dataset.message,
  }));
  return (view) => {
    if (!problems.length || view.state.doc.toString() !== checkedText) return [];
    return problems.map(({ path, message }) => ({ ...pathPlace(view.state, path), severity: "error", message: `${path}: ${message}` }));
  };
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
    linter(savedProblemsLinter(form, textarea.value), { delay: 0 }),
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

  const firstPath = form.querySelector("[data-sv-json-problem][data-path]");
  if (firstPath && !form.dataset.errorLine) {
    const { from } = pathPlace(view.state, firstPath.dataset.path);
    const line = view.state.doc.lineAt(from);
    form.dataset.errorLine = String(line.number);
    form.dataset.errorColumn = String(from - line.from + 1);
  }
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
