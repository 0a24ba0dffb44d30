// ArkTS pages (`@Entry @Component struct … { build() { Row() { … } } }`) to
// CommonJS: ohos-typescript (the ArkTS compiler's TypeScript fork) parses the
// page, because only it knows `struct` and the trailing-block component syntax;
// this file turns each struct into a class over ets/page-runtime.ts and each
// component statement into a runtime call, copying every other piece of code
// as written. The result is ordinary TypeScript that ets/arkts.ts compiles with
// the project's own TypeScript. Anything outside the supported subset is an
// error naming the file, the line and the construct.
//
// The fork is installed under the alias `typescript-ohos`
// (npm:ohos-typescript): it declares the same `tsc` command as TypeScript,
// and npm links the first of two such commands it meets in node_modules, in
// name order; as `ohos-typescript` it came before `typescript` and a project
// that installed jsvm-desktop got the fork's tsc (TypeScript 4.9) for its own
// `npx tsc`.
import ets from 'typescript-ohos';

import { ENUM_NAMES, enums } from './page-enums';

/** The components the desktop renders. */
export const SUPPORTED_COMPONENTS = [
  'Row', 'Column', 'Stack', 'Flex', 'Text', 'Button', 'Image', 'TextInput', 'Toggle', 'List', 'ListItem',
];

// Other ArkUI components: listed so that the parser reads `Grid() { … }` as a
// component (and the error names it) instead of as a call followed by a block.
const OTHER_COMPONENTS = [
  'Badge', 'Blank', 'Canvas', 'Checkbox', 'Circle', 'Counter', 'DatePicker', 'Divider', 'Ellipse', 'FlowItem', 'Grid',
  'GridCol', 'GridItem', 'GridRow', 'ImageSpan', 'Line', 'ListItemGroup', 'LoadingProgress', 'Marquee', 'Menu',
  'MenuItem', 'NavDestination', 'Navigation', 'Path', 'Polygon', 'Polyline', 'Progress', 'QRCode', 'Radio', 'Rating',
  'Rect', 'Refresh', 'RelativeContainer', 'Scroll', 'Search', 'Select', 'Shape', 'SideBarContainer', 'Slider', 'Span',
  'Swiper', 'SymbolGlyph', 'TabContent', 'Tabs', 'TextArea', 'TextPicker', 'TimePicker', 'Video', 'WaterFlow', 'Web',
  'XComponent',
];

/** The decorators a struct's fields may carry, and what each makes the field. */
const FIELD_DECORATORS = new Set(['State', 'Prop', 'Link']);

const ARKUI_DECORATORS = [
  'Entry', 'Component', 'State', 'Prop', 'Link', 'Builder', 'BuilderParam', 'Provide', 'Consume', 'Observed', 'ObjectLink',
  'Watch', 'StorageLink', 'StorageProp', 'LocalStorageLink', 'LocalStorageProp', 'Styles', 'Extend', 'AnimatableExtend',
  'CustomDialog', 'Reusable', 'Preview', 'Track', 'Require', 'ComponentV2', 'Local', 'Param', 'Event', 'Monitor',
  'Computed', 'ObservedV2', 'Trace', 'LocalBuilder',
];

const PARSE_OPTIONS = {
  ets: {
    components: [...SUPPORTED_COMPONENTS, ...OTHER_COMPONENTS],
    // ForEach's item builder holds components: the parser needs to know.
    syntaxComponents: { paramsUICallback: ['ForEach', 'LazyForEach', 'Repeat'], attrUICallback: [] },
    render: { method: ['build'], decorator: ['Builder'] },
    styles: { decorator: 'Styles', component: { name: 'Common', type: 'T', instance: 'CommonInstance' }, property: 'stateStyles' },
    extend: {
      decorator: ['Extend', 'AnimatableExtend'],
      components: [...SUPPORTED_COMPONENTS, ...OTHER_COMPONENTS].map((name) => ({ name, type: `${name}Attribute`, instance: `${name}Instance` })),
    },
    customComponent: 'CustomComponent',
    propertyDecorators: [],
    emitDecorators: [],
  },
} as unknown as ets.CompilerOptions;

/** A construct of a page the desktop does not support, or a page that does not parse. */
export class PageSyntaxError extends Error {
  constructor(readonly file: string, readonly line: number, readonly construct: string, detail: string) {
    super(`${file}:${line}: ${construct} ${detail}`);
  }
}

/** Whether an .ets file is an ArkUI page (has a struct or a @Builder) rather than plain TypeScript. */
export function isPageSource(source: string): boolean {
  return /^\s*(export\s+)?(default\s+)?struct\s+[A-Za-z_$][\w$]*/m.test(source) || /^\s*@Builder\b/m.test(source);
}

function decoratorName(decorator: ets.Decorator): string {
  const expression = ets.isCallExpression(decorator.expression) ? decorator.expression.expression : decorator.expression;
  return ets.isIdentifier(expression) ? expression.text : expression.getText();
}

// Decorators sit among a node's modifiers; on a function declaration the
// parser keeps them aside (TypeScript allows none there, ArkTS allows @Builder).
function decoratorsOf(node: ets.Node): ets.Decorator[] {
  const { modifiers, illegalDecorators } = node as unknown as { modifiers?: readonly ets.Node[]; illegalDecorators?: readonly ets.Node[] };
  return [...(modifiers ?? []), ...(illegalDecorators ?? [])].filter((m): m is ets.Decorator => ets.isDecorator(m));
}

// What a statement that does not belong in build() is, for the error.
const STATEMENT_NAMES: Partial<Record<ets.SyntaxKind, string>> = {
  [ets.SyntaxKind.VariableStatement]: 'a variable declaration',
  [ets.SyntaxKind.ForStatement]: 'a for loop',
  [ets.SyntaxKind.ForOfStatement]: 'a for…of loop',
  [ets.SyntaxKind.ForInStatement]: 'a for…in loop',
  [ets.SyntaxKind.WhileStatement]: 'a while loop',
  [ets.SyntaxKind.DoStatement]: 'a do…while loop',
  [ets.SyntaxKind.ReturnStatement]: 'a return statement',
  [ets.SyntaxKind.SwitchStatement]: 'a switch statement',
  [ets.SyntaxKind.TryStatement]: 'a try statement',
  [ets.SyntaxKind.ThrowStatement]: 'a throw statement',
};

class Compiler {
  private readonly text: string;
  /** The structs and @Builder functions this file declares. */
  private readonly structs = new Set<string>();
  private readonly builders = new Set<string>();

  constructor(private readonly source: ets.SourceFile, private readonly file: string) {
    this.text = source.text;
  }

  fail(node: ets.Node, construct: string, detail = 'is not supported on the desktop'): never {
    const line = this.source.getLineAndCharacterOfPosition(node.getStart(this.source)).line + 1;
    throw new PageSyntaxError(this.file, line, construct, detail);
  }

  line(node: ets.Node): number {
    return this.source.getLineAndCharacterOfPosition(node.getStart(this.source)).line + 1;
  }

  snippet(node: ets.Node): string {
    const text = node.getText(this.source).replace(/\s+/g, ' ');
    return `\`${text.length > 40 ? text.slice(0, 37) + '...' : text}\``;
  }

  compile(): string {
    const diagnostics = (this.source as unknown as { parseDiagnostics?: ets.Diagnostic[] }).parseDiagnostics ?? [];
    if (diagnostics.length > 0) {
      const first = diagnostics[0];
      const line = first.start === undefined ? 0 : this.source.getLineAndCharacterOfPosition(first.start).line + 1;
      throw new PageSyntaxError(this.file, line, 'the page', `does not parse: ${ets.flattenDiagnosticMessageText(first.messageText, '\n')}`);
    }
    for (const statement of this.source.statements) {
      if (ets.isStructDeclaration(statement) && statement.name) this.structs.add(statement.name.text);
      if (ets.isFunctionDeclaration(statement) && statement.name &&
        decoratorsOf(statement).some((d) => decoratorName(d) === 'Builder')) this.builders.add(statement.name.text);
    }
    const body = this.source.statements.map((statement) => this.topLevel(statement)).join('\n');
    const structs = [...this.structs];
    const entry = this.source.statements.find((s) => ets.isStructDeclaration(s) &&
      decoratorsOf(s).some((d) => decoratorName(d) === 'Entry')) as ets.StructDeclaration | undefined;
    // Enum globals (FontWeight.Bold …) as module constants, unless the page declares the name itself.
    const declared = new Set<string>();
    for (const statement of this.source.statements) {
      const name = (statement as { name?: ets.Node }).name;
      if (name && ets.isIdentifier(name)) declared.add(name.text);
    }
    const enums = ENUM_NAMES.filter((name) => !declared.has(name) && new RegExp(`\\b${name}\\b`).test(this.text));
    // One line of prelude, so the page's lines keep their numbers in stack traces.
    const prelude = `const __ets = require(${JSON.stringify(require.resolve('./page-runtime'))}); ` +
      `const __page = __ets.pageContext(__filename); ` +
      (enums.length ? `const { ${enums.join(', ')} } = __ets.enums; ` : '');
    return prelude + body + '\n' +
      `__ets.registerPage(module, { ${structs.join(', ')} }, ${entry?.name ? JSON.stringify(entry.name.text) : 'null'});\n`;
  }

  private topLevel(statement: ets.Statement): string {
    const leading = this.text.slice(statement.pos, statement.getStart(this.source));
    if (ets.isStructDeclaration(statement)) return leading + this.struct(statement);
    if (ets.isFunctionDeclaration(statement) && statement.name && this.builders.has(statement.name.text)) {
      const others = decoratorsOf(statement).filter((d) => decoratorName(d) !== 'Builder');
      if (others.length) this.fail(others[0], `@${decoratorName(others[0])}`);
      if (!statement.body) this.fail(statement, 'a @Builder function without a body');
      const params = statement.parameters.map((p) => this.rewrite(p)).join(', ');
      // `@Builder export function Tag(…)`: the export stays (other pages import it).
      const exported = statement.modifiers?.some((m) => m.kind === ets.SyntaxKind.ExportKeyword) ? 'export ' : '';
      return `${leading}${exported}function ${statement.name.text}(${params}) ${this.uiBlock(statement.body)}` +
        ` __ets.markBuilder(${statement.name.text});`;
    }
    return leading + this.rewrite(statement);
  }

  // ---- ordinary code: copied as written, with $r() and stray ArkUI syntax handled ----

  /** The node's text with its descendants rewritten where they must be. */
  rewrite(node: ets.Node): string {
    if (ets.isCallExpression(node) && ets.isIdentifier(node.expression)) {
      const callee = node.expression.text;
      if (callee === '$r') {
        return `__ets.$r(__page, ${this.line(node)}, ${node.arguments.map((a) => this.rewrite(a)).join(', ')})`;
      }
      if (callee === '$rawfile') this.fail(node, '$rawfile()');
    }
    // `$$this.v` (two-way binding of a built-in component's value) is not in the desktop's subset.
    if (ets.isIdentifier(node) && node.text.startsWith('$$')) this.fail(node, `${this.snippet(node.parent ?? node)} (the $$ two-way binding)`);
    // ArkUI's enums: a member the desktop does not know is an error here, not `undefined` at run time.
    if (ets.isPropertyAccessExpression(node) && ets.isIdentifier(node.expression) &&
      ENUM_NAMES.includes(node.expression.text) && !(node.name.text in enums[node.expression.text])) {
      this.fail(node, `${node.expression.text}.${node.name.text}`,
        `is not a member the desktop knows (${node.expression.text}: ${Object.keys(enums[node.expression.text]).join(', ')})`);
    }
    if (ets.isEtsComponentExpression(node)) {
      this.fail(node, `the ${node.expression.getText(this.source)} component outside build() or a @Builder`);
    }
    if (ets.isStructDeclaration(node)) this.fail(node, 'a struct that is not at the top level of the file');
    // ArkUI's decorators mean something only where the desktop handles them
    // (structs, their fields and methods, @Builder functions).
    if (ets.isDecorator(node) && ARKUI_DECORATORS.includes(decoratorName(node))) {
      this.fail(node, `@${decoratorName(node)}`);
    }
    return this.copy(node, (child) => this.rewrite(child));
  }

  /** The node's text, each child replaced by what `each` makes of it (null: dropped). */
  private copy(node: ets.Node, each: (child: ets.Node) => string | null): string {
    let out = '';
    let pos = node.getStart(this.source);
    const end = node.end;
    ets.forEachChild(node, (child) => {
      // The parser adds nodes of its own (a struct's constructor, the attribute
      // types of a component chain): they have no text of their own in the file.
      if (child.pos < 0 || child.end > end) return;
      const start = child.getStart(this.source);
      if (start < pos) return;
      const replaced = each(child);
      out += this.text.slice(pos, start) + (replaced ?? '');
      pos = child.end;
    });
    return out + this.text.slice(pos, end);
  }

  // ---- structs ----

  private struct(node: ets.StructDeclaration): string {
    const name = node.name!.text;
    let entry = false;
    for (const decorator of decoratorsOf(node)) {
      const decorator_ = decoratorName(decorator);
      if (decorator_ === 'Entry') entry = true;
      else if (decorator_ !== 'Component') this.fail(decorator, `@${decorator_} on a struct`);
    }
    if (!decoratorsOf(node).some((d) => decoratorName(d) === 'Component')) {
      this.fail(node, `struct ${name} without @Component`, 'is not supported (a struct is a @Component)');
    }
    const modifiers = (ets.getModifiers(node) ?? []).map((m) => m.getText(this.source)).join(' ');
    const fields: string[] = [];
    const members: string[] = [];
    const builders: string[] = [];
    for (const member of node.members) {
      if (member.pos < 0) continue; // the constructor the parser adds
      if (ets.isConstructorDeclaration(member)) {
        if (member.getText(this.source).trim().startsWith('constructor')) this.fail(member, 'a constructor in a struct');
        continue;
      }
      if (ets.isPropertyDeclaration(member)) {
        fields.push(this.field(member, name));
      } else if (ets.isMethodDeclaration(member)) {
        members.push(this.method(member));
        if (decoratorsOf(member).length) builders.push(JSON.stringify(member.name.getText(this.source)));
      } else {
        this.fail(member, `a ${ets.SyntaxKind[member.kind]} in struct ${name}`);
      }
    }
    if (!node.members.some((m) => ets.isMethodDeclaration(m) && m.name.getText(this.source) === 'build')) {
      this.fail(node, `struct ${name} without build()`, 'is not a component: a @Component struct needs build()');
    }
    const meta = `static __meta = { name: ${JSON.stringify(name)}, entry: ${entry}, file: __filename, ` +
      `line: ${this.line(node)}, fields: [${fields.join(', ')}], builders: [${builders.join(', ')}] };`;
    return `${modifiers ? modifiers + ' ' : ''}class ${name} extends __ets.Struct { ${meta}\n${members.join('\n')}\n}`;
  }

  private field(member: ets.PropertyDeclaration, struct: string): string {
    const name = member.name.getText(this.source);
    const decorators = decoratorsOf(member);
    for (const decorator of decorators) {
      if (!FIELD_DECORATORS.has(decoratorName(decorator))) this.fail(decorator, `@${decoratorName(decorator)}`);
    }
    if (decorators.length > 1) this.fail(decorators[1], `a second decorator (@${decoratorName(decorators[1])}) on ${struct}.${name}`);
    const kind = decorators.length ? decoratorName(decorators[0]) : 'plain';
    if (kind === 'Link' && member.initializer) {
      this.fail(member.initializer, `an initial value for @Link ${struct}.${name}`, 'is not allowed: a @Link comes from its parent');
    }
    if (ets.getModifiers(member)?.some((m) => m.kind === ets.SyntaxKind.StaticKeyword)) {
      this.fail(member, `static field ${struct}.${name}`);
    }
    const init = member.initializer ? `function () { return (${this.rewrite(member.initializer)}); }` : 'null';
    return `{ name: ${JSON.stringify(name)}, kind: ${JSON.stringify(kind)}, line: ${this.line(member)}, init: ${init} }`;
  }

  private method(member: ets.MethodDeclaration): string {
    const name = member.name.getText(this.source);
    const decorators = decoratorsOf(member);
    let builder = false;
    for (const decorator of decorators) {
      if (decoratorName(decorator) === 'Builder') builder = true;
      else this.fail(decorator, `@${decoratorName(decorator)}`);
    }
    const ui = builder || name === 'build';
    if (name === 'build' && member.parameters.length) this.fail(member, 'build() with parameters');
    return this.copy(member, (child) => {
      if (ets.isDecorator(child)) return null;
      if (ui && child === member.body) return this.uiBlock(member.body!);
      return this.rewrite(child);
    });
  }

  // ---- build() and @Builder bodies ----

  private uiBlock(block: ets.Block): string {
    return `{ ${block.statements.map((s) => this.uiStatement(s)).join('\n')} }`;
  }

  private uiStatement(statement: ets.Statement): string {
    if (ets.isExpressionStatement(statement)) return this.uiExpression(statement.expression) + ';';
    if (ets.isBlock(statement)) return this.uiBlock(statement);
    if (ets.isIfStatement(statement)) {
      // Each branch is a place of its own: switching branches replaces what
      // the other one built (custom components included), as in ArkUI.
      const id = `if${this.line(statement)}:${statement.getStart(this.source)}`;
      const branch = (s: ets.Statement, which: string): string =>
        `{ __ets.ui.branch(__page, ${JSON.stringify(`${id}.${which}`)}, () => ${ets.isBlock(s) ? this.uiBlock(s) : `{ ${this.uiStatement(s)} }`}); }`;
      let out = `if (${this.rewrite(statement.expression)}) ${branch(statement.thenStatement, 'then')}`;
      if (statement.elseStatement) out += ` else ${branch(statement.elseStatement, 'else')}`;
      return out;
    }
    const what = STATEMENT_NAMES[statement.kind] ?? `a ${ets.SyntaxKind[statement.kind]}`;
    return this.fail(statement, `${what} in build()`,
      'is not supported: build() and @Builder bodies hold components, ForEach, if/else and @Builder calls');
  }

  private uiExpression(expression: ets.Expression): string {
    // `Text(…).fontSize(40).onClick(…)`: the chained attributes, outermost last.
    const attributes: Array<{ name: string; args: readonly ets.Expression[] }> = [];
    let base: ets.Expression = expression;
    while (ets.isCallExpression(base) && ets.isPropertyAccessExpression(base.expression) &&
      base.expression.expression.kind !== ets.SyntaxKind.ThisKeyword) {
      attributes.unshift({ name: base.expression.name.text, args: base.arguments });
      base = base.expression.expression;
    }
    const attrs = `[${attributes.map((a) => `[${JSON.stringify(a.name)}, [${a.args.map((x) => this.rewrite(x)).join(', ')}]]`).join(', ')}]`;
    const line = this.line(base);
    if (ets.isEtsComponentExpression(base)) {
      const name = base.expression.getText(this.source);
      // A struct or @Builder of this file that shares an ArkUI component's name.
      if (!base.body && (this.structs.has(name) || this.builders.has(name))) {
        return this.call(base as unknown as ets.CallExpression, name, attributes, attrs, line);
      }
      if (base.body && (this.structs.has(name) || this.builders.has(name))) {
        this.fail(base, `a trailing { … } block on ${name}`, 'is not supported on the desktop (it needs @BuilderParam)');
      }
      if (!SUPPORTED_COMPONENTS.includes(name)) this.fail(base, `the ${name} component`);
      const args = base.arguments.map((a) => this.rewrite(a)).join(', ');
      const body = base.body ? `() => ${this.uiBlock(base.body)}` : 'null';
      return `__ets.ui.component(__page, ${JSON.stringify(name)}, [${args}], ${attrs}, ${body}, ${line})`;
    }
    if (ets.isCallExpression(base) && ets.isIdentifier(base.expression)) {
      const callee = base.expression.text;
      if (callee === 'ForEach') return this.forEach(base, attributes.length > 0);
      if (callee === 'LazyForEach' || callee === 'Repeat') this.fail(base, callee);
      return this.call(base, callee, attributes, attrs, line);
    }
    if (ets.isCallExpression(base) && ets.isPropertyAccessExpression(base.expression) &&
      base.expression.expression.kind === ets.SyntaxKind.ThisKeyword) {
      if (attributes.length) this.fail(base, `attributes on the @Builder call ${base.expression.getText(this.source)}()`);
      return `__ets.ui.builder(__page, this, ${JSON.stringify(base.expression.name.text)}, ` +
        `[${base.arguments.map((a) => this.rewrite(a)).join(', ')}], ${line})`;
    }
    return this.fail(expression, `${this.snippet(expression)} in build()`,
      'is not a component: build() and @Builder bodies hold components, ForEach, if/else and @Builder calls');
  }

  /** `Name(…)` in build(): a @Builder function of this file, or a struct (of this file or imported: the runtime checks). */
  private call(call: ets.CallExpression, callee: string, attributes: unknown[], attrs: string, line: number): string {
    if (this.builders.has(callee)) {
      if (attributes.length) this.fail(call, `attributes on the @Builder call ${callee}()`);
      return `${callee}(${call.arguments.map((a) => this.rewrite(a)).join(', ')})`;
    }
    // An imported name is a struct or a @Builder function: the runtime tells,
    // so the arguments go both ways (a struct's { field: value } bindings, a
    // builder's arguments as written).
    const literal = call.arguments.length === 0 || (call.arguments.length === 1 && ets.isObjectLiteralExpression(call.arguments[0]));
    const bindings = literal || this.structs.has(callee) ? this.bindings(call) : 'null';
    const args = `() => [${call.arguments.map((a) => this.rewrite(a)).join(', ')}]`;
    return `__ets.ui.custom(__page, ${callee}, ${bindings}, ${attrs}, ${line}, ${args})`;
  }

  /** A custom component's `{ name: value }` argument: each value read lazily, `this.x` / `$x` also written back (@Link). */
  private bindings(call: ets.CallExpression): string {
    if (call.arguments.length === 0) return '{}';
    const [argument] = call.arguments;
    if (call.arguments.length > 1 || !ets.isObjectLiteralExpression(argument)) {
      this.fail(argument, `${this.snippet(argument)} as a component's argument`, 'is not supported: pass an object literal `{ field: value }`');
    }
    const entries = argument.properties.map((property) => {
      if (!ets.isPropertyAssignment(property) && !ets.isShorthandPropertyAssignment(property)) {
        this.fail(property, `${this.snippet(property)} in a component's argument`);
      }
      const key = property.name.getText(this.source);
      const value = ets.isPropertyAssignment(property) ? property.initializer : property.name as ets.Identifier;
      let target: string | null = null;
      if (ets.isPropertyAccessExpression(value) && value.expression.kind === ets.SyntaxKind.ThisKeyword) {
        target = value.getText(this.source);
      } else if (ets.isIdentifier(value) && value.text.startsWith('$') && value.text.length > 1) {
        target = `this.${value.text.slice(1)}`; // $count: ArkTS's two-way binding of this.count
      }
      const read = target ?? this.rewrite(value);
      const write = target ? `(v) => { ${target} = v; }` : 'null';
      return `${JSON.stringify(key)}: [() => (${read}), ${write}]`;
    });
    return `{ ${entries.join(', ')} }`;
  }

  private forEach(call: ets.CallExpression, hasAttributes: boolean): string {
    if (hasAttributes) this.fail(call, 'attributes on ForEach');
    const [items, item, key] = call.arguments;
    if (!items || !item || call.arguments.length > 3) this.fail(call, 'ForEach', 'takes (items, (item, index) => { … }, key?)');
    if (!ets.isArrowFunction(item) && !ets.isFunctionExpression(item)) {
      this.fail(item, `${this.snippet(item)} as ForEach's item builder`, 'is not supported: write an arrow function');
    }
    const params = item.parameters.map((p) => this.rewrite(p)).join(', ');
    const body = ets.isBlock(item.body) ? this.uiBlock(item.body) : `{ ${this.uiExpression(item.body)}; }`;
    return `__ets.ui.forEach(__page, ${this.rewrite(items)}, (${params}) => ${body}, ` +
      `${key ? this.rewrite(key) : 'null'}, ${this.line(call)})`;
  }
}

/** The page's source as TypeScript over ets/page-runtime.ts. */
export function compilePage(source: string, file: string): string {
  const parsed = ets.createSourceFile(file, source, ets.ScriptTarget.Latest, true, ets.ScriptKind.ETS, PARSE_OPTIONS);
  return new Compiler(parsed, file).compile();
}
