// A rendered page's component tree as HTML, for the previewer (ets/previewer.ts).
// The layout follows ArkUI's for the common containers, not pixel for pixel:
// Row and Column are flex boxes that centre their children across their axis
// and size to their content, Stack layers its children in one grid cell, a vp
// or fp is a CSS pixel. Each element carries its node's path in the tree
// (data-node) so the browser can name the node an event is for.
import { isResource } from './page-resources';
import type { UINode } from './page-runtime';

/** The node at `path` ("0.2.1": child indexes from the root). */
export function nodeAt(root: UINode, path: string): UINode | null {
  let node: UINode | undefined = root;
  for (const part of path.split('.').slice(1)) {
    node = node?.children[Number(part)];
    if (!node) return null;
  }
  return node ?? null;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A length: numbers are vp (CSS px), strings pass as written ('100%', '12px') with vp/fp as px. */
function length(value: unknown): string | null {
  if (isResource(value)) return length(value.value);
  if (typeof value === 'number' && Number.isFinite(value)) return `${value}px`;
  if (typeof value === 'string') {
    const match = /^(-?[\d.]+)(vp|fp|lpx)?$/.exec(value.trim());
    return match ? `${match[1]}px` : value;
  }
  return null;
}

const NAMED_COLORS: Record<string, string> = {
  White: '#ffffff', Black: '#000000', Blue: '#0000ff', Brown: '#a52a2a', Gray: '#808080', Grey: '#808080',
  Green: '#008000', Orange: '#ffa500', Pink: '#ffc0cb', Red: '#ff0000', Yellow: '#ffff00', Transparent: 'transparent',
};

/** A colour: Color.X, '#rrggbb' / '#aarrggbb' strings, 0xrrggbb numbers, colour resources. */
function color(value: unknown): string | null {
  if (isResource(value)) return color(value.value);
  if (typeof value === 'number') return `#${(value & 0xffffff).toString(16).padStart(6, '0')}`;
  if (typeof value !== 'string') return null;
  if (value.startsWith('Color.')) return NAMED_COLORS[value.slice(6)] ?? null;
  const argb = /^#([0-9a-f]{2})([0-9a-f]{6})$/i.exec(value);
  if (argb) return `#${argb[2]}${argb[1]}`;  // ArkUI's #AARRGGBB is CSS's #RRGGBBAA
  return value;
}

const FLEX_ALIGN: Record<string, string> = {
  Start: 'flex-start', Center: 'center', End: 'flex-end', SpaceBetween: 'space-between',
  SpaceAround: 'space-around', SpaceEvenly: 'space-evenly',
};
const ITEM_ALIGN: Record<string, string> = {
  Auto: 'auto', Start: 'flex-start', Center: 'center', End: 'flex-end', Baseline: 'baseline', Stretch: 'stretch',
  Top: 'flex-start', Bottom: 'flex-end',
};
const FONT_WEIGHT: Record<string, string> = {
  Lighter: '300', Normal: '400', Regular: '400', Medium: '500', Bold: '700', Bolder: '900',
};
const ALIGNMENT: Record<string, string> = {
  TopStart: 'start start', Top: 'start center', TopEnd: 'start end', Start: 'center start', Center: 'center center',
  End: 'center end', BottomStart: 'end start', Bottom: 'end center', BottomEnd: 'end end',
};

/** The member of an enum value ('FlexAlign.Center' → 'Center'). */
const member = (value: unknown): string => (typeof value === 'string' ? value.slice(value.indexOf('.') + 1) : '');

/** Sides: one length, or { top, right, bottom, left }. */
function sides(property: string, value: unknown, style: Record<string, string>): void {
  if (typeof value === 'object' && value !== null && !isResource(value)) {
    for (const side of ['top', 'right', 'bottom', 'left']) {
      const v = length((value as Record<string, unknown>)[side]);
      if (v) style[`${property}-${side}`] = v;
    }
    return;
  }
  const v = length(value);
  if (v) style[property] = v;
}

function flexOptions(options: Record<string, unknown>, style: Record<string, string>): void {
  const direction = member(options.direction);
  style['flex-direction'] = { Column: 'column', RowReverse: 'row-reverse', ColumnReverse: 'column-reverse' }[direction] ?? 'row';
  if (options.justifyContent) style['justify-content'] = FLEX_ALIGN[member(options.justifyContent)] ?? 'flex-start';
  if (options.alignItems) style['align-items'] = ITEM_ALIGN[member(options.alignItems)] ?? 'flex-start';
  if (options.wrap) style['flex-wrap'] = { Wrap: 'wrap', WrapReverse: 'wrap-reverse' }[member(options.wrap)] ?? 'nowrap';
}

/** The inline style of a node: its container's defaults, then its attributes. */
function styleOf(node: UINode): Record<string, string> {
  const style: Record<string, string> = {};
  const options = (typeof node.args[0] === 'object' && node.args[0] !== null ? node.args[0] : {}) as Record<string, unknown>;
  const space = length(options.space);
  if (space) style.gap = space;
  if (node.type === 'Flex') flexOptions(options, style);
  for (const { name, args } of node.attributes) {
    const [value] = args;
    switch (name) {
      case 'width': case 'height': {
        const v = length(value);
        if (v) style[name] = v;
        break;
      }
      case 'size': {
        const { width, height } = (value ?? {}) as Record<string, unknown>;
        if (length(width)) style.width = length(width)!;
        if (length(height)) style.height = length(height)!;
        break;
      }
      case 'fontSize': {
        const v = length(value);
        if (v) style['font-size'] = v;
        break;
      }
      case 'fontWeight':
        style['font-weight'] = typeof value === 'number' ? String(value) : FONT_WEIGHT[member(value)] ?? String(value);
        break;
      case 'fontStyle':
        if (member(value) === 'Italic') style['font-style'] = 'italic';
        break;
      case 'fontColor': {
        const v = color(value);
        if (v) style.color = v;
        break;
      }
      case 'backgroundColor': {
        const v = color(value);
        if (v) style.background = v;
        break;
      }
      case 'margin': case 'padding':
        sides(name, value, style);
        break;
      case 'borderRadius': {
        const v = length(value);
        if (v) style['border-radius'] = v;
        break;
      }
      case 'border': {
        const { width, color: c, radius } = (value ?? {}) as Record<string, unknown>;
        style.border = `${length(width) ?? '1px'} solid ${color(c) ?? '#000'}`;
        if (length(radius)) style['border-radius'] = length(radius)!;
        break;
      }
      case 'opacity':
        style.opacity = String(value);
        break;
      case 'layoutWeight':
        style.flex = `${Number(value)} 1 0`;
        break;
      case 'justifyContent':
        style['justify-content'] = FLEX_ALIGN[member(value)] ?? 'flex-start';
        break;
      case 'alignItems':
        style['align-items'] = ITEM_ALIGN[member(value)] ?? 'center';
        break;
      case 'alignContent':
        if (node.type === 'Stack') style['place-items'] = ALIGNMENT[member(value)] ?? 'center';
        break;
      case 'textAlign':
        style['text-align'] = { Start: 'left', Center: 'center', End: 'right', JUSTIFY: 'justify' }[member(value)] ?? 'left';
        break;
      case 'visibility':
        if (member(value) === 'Hidden') style.visibility = 'hidden';
        if (member(value) === 'None') style.display = 'none';
        break;
      default:
        break;  // recorded on the node (the tree snapshot shows it); no CSS meaning here
    }
  }
  return style;
}

const TAGS: Record<string, string> = { Button: 'button', Image: 'img', TextInput: 'input', Toggle: 'input' };

/** Where the previewer serves a media file (an Image's src inside the project). */
export const mediaUrl = (file: string): string => `/media?file=${encodeURIComponent(file)}`;

/** The HTML of `node` and its subtree; `path` is its place in the tree. */
export function nodeHtml(node: UINode, path = '0'): string {
  const isStruct = node.struct !== undefined;
  const tag = TAGS[node.type] ?? 'div';
  const attrs: string[] = [
    `data-node="${path}"`, `data-type="${escapeHtml(node.type)}"`,
    `class="${isStruct ? 'ark-struct' : `ark-${escapeHtml(node.type)}`}"`,
  ];
  if (node.id !== undefined) attrs.push(`id="${escapeHtml(node.id)}"`);
  if (node.events.onClick) attrs.push('data-click=""');
  const style = styleOf(node);
  const css = Object.entries(style).map(([k, v]) => `${k}:${v}`).join(';');
  if (css) attrs.push(`style="${escapeHtml(css)}"`);
  if (node.type === 'TextInput') {
    attrs.push('type="text"', `value="${escapeHtml(node.text ?? '')}"`);
    if (node.placeholder !== undefined) attrs.push(`placeholder="${escapeHtml(node.placeholder)}"`);
    return `<input ${attrs.join(' ')}>`;
  }
  if (node.type === 'Toggle') {
    const kind = member((node.args[0] as Record<string, unknown> | undefined)?.type) || 'Switch';
    attrs.push('type="checkbox"', `data-toggle="${escapeHtml(kind)}"`);
    if (node.isOn) attrs.push('checked');
    return `<input ${attrs.join(' ')}>`;
  }
  if (node.type === 'Image') {
    const src = node.src === undefined ? '' : /^[a-z]+:/i.test(node.src) ? node.src : mediaUrl(node.src);
    attrs.push(`src="${escapeHtml(src)}"`, 'alt=""');
    return `<img ${attrs.join(' ')}>`;
  }
  const text = node.text !== undefined && node.children.length === 0 ? escapeHtml(node.text) : '';
  const children = node.children.map((child, i) => nodeHtml(child, `${path}.${i}`)).join('');
  return `<${tag} ${attrs.join(' ')}>${text}${children}</${tag}>`;
}

/** The CSS of the component classes: ArkUI's defaults for each. */
export const COMPONENT_CSS = `
.ark-struct { display: contents; }
.ark-Row, .ark-Column, .ark-Flex, .ark-List, .ark-ListItem { display: flex; box-sizing: border-box; min-width: 0; }
.ark-Row { flex-direction: row; align-items: center; }
.ark-Column { flex-direction: column; align-items: center; }
.ark-Flex { align-items: flex-start; }
.ark-Stack { display: grid; place-items: center; box-sizing: border-box; }
.ark-Stack > * { grid-area: 1 / 1; }
.ark-List { flex-direction: column; align-items: stretch; overflow: auto; align-self: stretch; }
.ark-ListItem { flex-direction: column; }
.ark-Text { font-size: 16px; color: #182431; white-space: pre-wrap; }
.ark-Button { font: inherit; font-size: 16px; color: #fff; background: #007dff; border: none; border-radius: 20px;
  height: 40px; padding: 0 16px; cursor: pointer; }
.ark-TextInput { font: inherit; font-size: 16px; height: 40px; padding: 0 16px; border: none; border-radius: 20px;
  background: #e3e6ea; box-sizing: border-box; }
.ark-Toggle[data-toggle="Switch"] { appearance: none; width: 40px; height: 24px; border-radius: 12px;
  background: #ccc; position: relative; cursor: pointer; }
.ark-Toggle[data-toggle="Switch"]::after { content: ""; position: absolute; top: 2px; left: 2px; width: 20px;
  height: 20px; border-radius: 50%; background: #fff; transition: left .1s; }
.ark-Toggle[data-toggle="Switch"]:checked { background: #007dff; }
.ark-Toggle[data-toggle="Switch"]:checked::after { left: 18px; }
.ark-Image { object-fit: contain; }
[data-click] { cursor: pointer; }
`;
