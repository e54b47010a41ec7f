import { inflateSync } from 'node:zlib';

/**
 * The printed size of every piece of text in a PDF, read from its content streams: enough of the
 * PDF format to follow Chromium's (Skia's) output — objects, Flate streams, the page tree, form
 * XObjects, and the graphics and text state operators that scale text. Not a general PDF reader:
 * it does not decode glyphs (Skia writes them as font subset codes), only where and how large they
 * are drawn.
 */

/** One text-showing operator (Tj, TJ, ', "), as printed. */
export interface PdfTextRun {
  /** The font size on paper, in points: Tf's size scaled by the text and graphics matrices. */
  size: number;
  /** Where the run starts on the page, in points from the bottom-left corner. */
  x: number;
  y: number;
}

export interface PdfPage {
  /** [x0, y0, x1, y1] in points. */
  mediaBox: number[];
  runs: PdfTextRun[];
}

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

/** [a b c d e f], as PDF writes matrices. */
type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m × n (apply m, then n), the PDF convention for `cm` and the text rendering matrix. */
function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const header = /(\d+) 0 obj\b/g;
  let match: RegExpExecArray | null;
  while ((match = header.exec(text))) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endobj', start);
    if (end < 0) break;
    const body = text.slice(start, end);
    const streamAt = body.search(/\bstream\r?\n/);
    let dict = body;
    let stream: Buffer | null = null;
    if (streamAt >= 0) {
      dict = body.slice(0, streamAt);
      const dataStart = start + body.indexOf('\n', streamAt) + 1;
      const length = /\/Length (\d+)(?! \d+ R)/.exec(dict);
      const dataEnd = length ? dataStart + Number(length[1]) : text.lastIndexOf('endstream', end);
      const raw = pdf.subarray(dataStart, dataEnd);
      stream = /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw;
    }
    objects.set(Number(match[1]), { dict, stream });
    header.lastIndex = end;
  }
  return objects;
}

function refs(value: string): number[] {
  return [...value.matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
}

/** The text of a `<<…>>` dictionary value that follows `/key`, nested dictionaries included. */
function dictValue(dict: string, key: string): string | null {
  const at = dict.search(new RegExp(`/${key}\\b`));
  if (at < 0) return null;
  let i = at + key.length + 1;
  while (/\s/.test(dict[i] ?? '')) i++;
  if (dict.startsWith('<<', i)) {
    let depth = 0;
    for (let j = i; j < dict.length - 1; j++) {
      if (dict.startsWith('<<', j)) {
        depth++;
        j++;
      } else if (dict.startsWith('>>', j)) {
        depth--;
        j++;
        if (depth === 0) return dict.slice(i, j + 1);
      }
    }
    return null;
  }
  if (dict[i] === '[') return dict.slice(i, dict.indexOf(']', i) + 1);
  const ref = /^(\d+ 0 R|[-\d.]+|\/\w+)/.exec(dict.slice(i));
  return ref?.[1] ?? null;
}

/** A dictionary given inline or by reference. */
function resolveDict(objects: Map<number, PdfObject>, value: string | null): string {
  if (!value) return '';
  const ref = /^(\d+) 0 R$/.exec(value.trim());
  return ref ? (objects.get(Number(ref[1]))?.dict ?? '') : value;
}

type Token = { op: string } | { operand: string | number };

/** Content-stream tokens: numbers and names as operands, strings skipped, operators by name. */
function* tokens(content: string): Generator<Token> {
  let i = 0;
  const n = content.length;
  while (i < n) {
    const c = content[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '%') {
      while (i < n && content[i] !== '\n') i++;
    } else if (c === '(') {
      // A literal string, with nested parentheses and backslash escapes.
      let depth = 0;
      for (; i < n; i++) {
        if (content[i] === '\\') i++;
        else if (content[i] === '(') depth++;
        else if (content[i] === ')' && --depth === 0) break;
      }
      i++;
      yield { operand: 'string' };
    } else if (content.startsWith('<<', i) || content.startsWith('>>', i)) {
      i += 2;
    } else if (c === '<') {
      i = content.indexOf('>', i) + 1;
      yield { operand: 'string' };
    } else if (c === '[' || c === ']' || c === '{' || c === '}') {
      i++;
    } else if (c === '/') {
      const m = /^\/[^\s/[\]()<>{}%]*/.exec(content.slice(i, i + 128))!;
      i += m[0].length;
      yield { operand: m[0].slice(1) };
    } else {
      const m = /^[^\s/[\]()<>{}%]+/.exec(content.slice(i, i + 64))!;
      i += m[0].length;
      const number = Number(m[0]);
      yield Number.isNaN(number) ? { op: m[0] } : { operand: number };
    }
  }
}

/** Every text run of one content stream (and the forms it draws), into `runs`. */
function walk(
  objects: Map<number, PdfObject>,
  content: string,
  resources: string,
  start: Matrix,
  runs: PdfTextRun[],
  depth = 0,
): void {
  const xobjects = resolveDict(objects, dictValue(resources, 'XObject'));
  let ctm = start;
  const stack: Matrix[] = [];
  let textMatrix = IDENTITY;
  let lineMatrix = IDENTITY;
  let fontSize = 0;
  let leading = 0;
  let operands: (string | number)[] = [];
  const num = (i: number) => Number(operands[operands.length - i] ?? 0);
  const show = () => {
    const m = multiply(textMatrix, ctm);
    runs.push({ size: fontSize * Math.hypot(m[2], m[3]), x: m[4], y: m[5] });
  };
  const nextLine = (tx: number, ty: number) => {
    lineMatrix = multiply([1, 0, 0, 1, tx, ty], lineMatrix);
    textMatrix = lineMatrix;
  };
  for (const token of tokens(content)) {
    if ('operand' in token) {
      operands.push(token.operand);
      continue;
    }
    switch (token.op) {
      case 'q':
        stack.push(ctm);
        break;
      case 'Q':
        ctm = stack.pop() ?? start;
        break;
      case 'cm':
        ctm = multiply([num(6), num(5), num(4), num(3), num(2), num(1)], ctm);
        break;
      case 'BT':
        textMatrix = lineMatrix = IDENTITY;
        break;
      case 'Tf':
        fontSize = num(1);
        break;
      case 'TL':
        leading = num(1);
        break;
      case 'Tm':
        textMatrix = lineMatrix = [num(6), num(5), num(4), num(3), num(2), num(1)];
        break;
      case 'Td':
        nextLine(num(2), num(1));
        break;
      case 'TD':
        leading = -num(1);
        nextLine(num(2), num(1));
        break;
      case 'T*':
        nextLine(0, -leading);
        break;
      case "'":
      case '"':
        nextLine(0, -leading);
        show();
        break;
      case 'Tj':
      case 'TJ':
        show();
        break;
      case 'Do': {
        const ref = dictValue(xobjects, String(operands[operands.length - 1]));
        const form = ref ? objects.get(refs(ref)[0] ?? -1) : undefined;
        if (form?.stream && /\/Subtype\s*\/Form/.test(form.dict) && depth < 16) {
          const matrix = /\/Matrix\s*\[([^\]]*)\]/.exec(form.dict);
          const values = matrix?.[1]?.trim().split(/\s+/).map(Number);
          const m = values?.length === 6 ? (values as Matrix) : IDENTITY;
          const own = dictValue(form.dict, 'Resources');
          walk(
            objects,
            form.stream.toString('latin1'),
            own ? resolveDict(objects, own) : resources,
            multiply(m, ctm),
            runs,
            depth + 1,
          );
        }
        break;
      }
    }
    operands = [];
  }
}

/** The pages of a PDF in order, each with its text runs' printed sizes. */
export function readPdfText(pdf: Buffer): PdfPage[] {
  const objects = readObjects(pdf);
  const root = [...objects.values()].find(
    (o) => /\/Type\s*\/Pages\b/.test(o.dict) && !/\/Parent\b/.test(o.dict),
  );
  if (!root) throw new Error('no page tree in the PDF');
  const pages: PdfPage[] = [];
  const visit = (dict: string, inherited: { resources: string; mediaBox: number[] }) => {
    const resources = dictValue(dict, 'Resources');
    const box = /\/MediaBox\s*\[([^\]]*)\]/.exec(dict)?.[1]?.trim().split(/\s+/).map(Number);
    const own = {
      resources: resources ? resolveDict(objects, resources) : inherited.resources,
      mediaBox: box ?? inherited.mediaBox,
    };
    if (/\/Type\s*\/Pages\b/.test(dict)) {
      for (const kid of refs(dictValue(dict, 'Kids') ?? '')) {
        const child = objects.get(kid);
        if (child) visit(child.dict, own);
      }
      return;
    }
    const runs: PdfTextRun[] = [];
    const contents = refs(dictValue(dict, 'Contents') ?? '')
      .map((ref) => objects.get(ref)?.stream?.toString('latin1') ?? '')
      .join('\n');
    walk(objects, contents, own.resources, IDENTITY, runs);
    pages.push({ mediaBox: own.mediaBox, runs });
  };
  visit(root.dict, { resources: '', mediaBox: [] });
  return pages;
}
