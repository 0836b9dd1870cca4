// Parses PowerShell lines with tree-sitter's PowerShell grammar and says, per line, whether it
// parsed and which commands and parameters it holds. Input: a JSON array of lines on stdin.
// Output: a JSON array of {line, error, commands: [{name, parameters}], outsideStrings}.
'use strict';
const path = require('path');
const { Parser, Language } = require('web-tree-sitter');

function walk(node, visit) {
  visit(node);
  for (let i = 0; i < node.childCount; i++) walk(node.child(i), visit);
}

// The id of the command a node belongs to (a command inside parentheses is its own command).
function nearestCommand(node) {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'command') return n.id;
  }
  return null;
}

function firstError(node) {
  let found = null;
  walk(node, (n) => {
    if (!found && (n.type === 'ERROR' || n.isMissing)) found = n;
  });
  return found;
}

async function main() {
  const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
  await Parser.init();
  const grammar = require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm');
  const parser = new Parser();
  parser.setLanguage(await Language.load(grammar));
  const results = input.map((line) => {
    const tree = parser.parse(line);
    const root = tree.rootNode;
    const error = root.hasError ? (firstError(root) || root) : null;
    const commands = [];
    // The line's text outside string literals, where '<' or '>' is a redirection, never a value.
    let outsideStrings = '';
    let last = 0;
    walk(root, (n) => {
      if (n.type === 'command') {
        const name = n.childForFieldName('command_name');
        const parameters = [];
        walk(n, (m) => {
          if (m.type === 'command_parameter' && nearestCommand(m) === n.id) {
            parameters.push(m.text.replace(/^-/, '').replace(/:$/, ''));
          }
        });
        commands.push({ name: name ? name.text : '', parameters });
      }
      if (n.type === 'string_literal' && n.startIndex >= last) {
        outsideStrings += line.slice(last, n.startIndex);
        last = n.endIndex;
      }
    });
    outsideStrings += line.slice(last);
    return {
      line,
      error: error ? `${error.type} at column ${error.startPosition.column + 1}` : null,
      commands,
      outsideStrings,
    };
  });
  process.stdout.write(JSON.stringify(results));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(2);
});
