import assert from 'assert';
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { compilePage, PageSyntaxError } from '../ets/page-compiler';
import { click, input, pageFile, render, renderPage, snapshot, Struct, toggle } from '../ets/pages';
import { Sandbox } from '../ets/sandbox';
import { root } from './helpers/addon';

const fixture = path.join(root, 'test', 'fixtures', 'pages-app');
const showcaseFile = path.join(fixture, 'entry', 'src', 'main', 'ets', 'pages', 'Showcase.ets');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const showcase = (): { events: string[]; __etsStructs: Record<string, typeof Struct> } => require(showcaseFile);

const SEED_TREE = `Index
  Row height="100%"
    Column width="100%"
      Text "Run the JSVM snapshot test" fontSize=40 fontWeight=FontWeight.Bold onClick=ƒ`;

describe('ArkTS pages on the desktop', function () {
  this.timeout(120000);

  describe("the seed's entry/src/main/ets/pages/Index.ets", () => {
    it('renders to the tree its build() describes', () => {
      const page = renderPage('pages/Index', { root });
      assert.strictEqual(page.snapshot(), SEED_TREE);
      assert.strictEqual(pageFile('pages/Index', { root }), path.join(root, 'entry', 'src', 'main', 'ets', 'pages', 'Index.ets'));
      const [text] = page.getAllByType('Text');
      assert.strictEqual(page.getByText('Run the JSVM snapshot test'), text);
      assert.strictEqual(text.attributes.find((a) => a.name === 'fontSize')!.args[0], 40);
    });

    it("clicking its Text runs the real native runTest() (HiLog lines, the blob in the sandbox)", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-pages-'));
      const box = new Sandbox(path.join(dir, 'sandbox'), 'com.example.jsvm');
      // A process of its own, as in demo.spec.ts: the demo calls OH_JSVM_Init
      // and its file APIs must go through the preloaded sandbox.
      const run = spawnSync(process.execPath, ['-e', `
        require(${JSON.stringify(path.join(root, 'ets', 'register.js'))});
        const { hilogSink, parseHilogLine } = require(${JSON.stringify(path.join(root, 'ets', 'hilog.ts'))});
        const { renderPage, click } = require(${JSON.stringify(path.join(root, 'ets', 'pages.ts'))});
        const lines = [];
        hilogSink.subscribe((line) => lines.push(line));
        const page = renderPage('pages/Index');
        const before = lines.length;
        click(page.getByText('Run the JSVM snapshot test'));
        console.log(JSON.stringify({ before, lines: lines.map(parseHilogLine) }));`],
      { cwd: root, env: box.env(), encoding: 'utf8' });
      assert.strictEqual(run.status, 0, run.stderr);
      const { before, lines } = JSON.parse(run.stdout) as { before: number; lines: Array<{ level: string; message: string }> };
      assert.strictEqual(before, 0, 'rendering alone runs no native code');
      const sizeLine = lines.find((line) => /^Test JSVM RunVMSnapshot read file blobSize = : \d+$/.test(line.message));
      assert.ok(sizeLine, JSON.stringify(lines));
      const file = box.resolve('/data/storage/el2/base/files/test_blob.bin');
      assert.strictEqual(fs.statSync(file).size, Number(sizeLine!.message.split(': ').pop()));
      assert.ok(lines.some((line) => line.message === 'Test JSVM RunVMSnapshot createHelloString() = Hello world!'));
      assert.deepStrictEqual(lines.filter((line) => line.level === 'E' || line.level === 'F'), []);
      fs.rmSync(dir, { recursive: true });
    });

    it('npm start renders the page, prints its tree and clicks the Text', () => {
      const run = spawnSync('npm', ['start', '--silent'], { cwd: root, encoding: 'utf8' });
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
      assert.ok(run.stdout.includes(SEED_TREE), run.stdout);
      assert.match(run.stderr, /I A03200\/JSVM: Test JSVM RunVMSnapshot createHelloString\(\) = Hello world!/);
      assert.match(run.stdout, /demo passed/);
    });
  });

  describe('a page with every supported construct (test/fixtures/pages-app)', () => {
    const open = () => renderPage('pages/Showcase', { root: fixture });

    beforeEach(() => {
      showcase().events.length = 0;
    });

    it('renders the tree: components, attributes, events, @Builder, ForEach, if, $r', () => {
      const page = open();
      assert.strictEqual(page.snapshot(), `Showcase
  Column {space: 8} width="100%"
    Column
      Text "Showcase" fontSize=30 fontWeight=FontWeight.Bold
      Text "Every construct" fontColor="#FF0A59F7"
    Text "new" id="badge" fontColor=Color.Red
    Text "Pages Fixture" id="app-name"
    Image src="entry/src/main/resources/base/media/icon.png" width=48 height=48
    Row justifyContent=FlexAlign.SpaceBetween
      Text "count 0" id="count"
      Button "add" id="add" onClick=ƒ
      Button "retitle" id="retitle" onClick=ƒ
    Counter
      Row
        Text "Showcase: 0 (0 clicks)" id="counter-text"
        Button "+1" id="inc" onClick=ƒ
        Button "rename" id="rename" onClick=ƒ
    Button "toggle counter" id="toggle-counter" onClick=ƒ
    Stack alignContent=Alignment.Center
      Text "stacked"
    Flex {direction: FlexDirection.Row, justifyContent: FlexAlign.Center}
      Text "flex"
    TextInput "" placeholder="your name" id="name" onChange=ƒ
    Text "Nobody" id="greeting"
    Toggle {type: ToggleType.Switch} isOn=false id="dark" onChange=ƒ
    Text "light" id="theme"
    List id="list"
      ListItem onAppear=ƒ
        Text "0. apple"
      ListItem onAppear=ƒ
        Text "1. pear"
    Button "add fruit" id="add-fruit" onClick=ƒ`);
      assert.deepStrictEqual(page.getAllByType('Button').map((b) => b.text),
        ['add', 'retitle', '+1', 'rename', 'toggle counter', 'add fruit']);
      assert.strictEqual(page.getById('count').type, 'Text');
      assert.deepStrictEqual(showcase().events, ['Showcase appears', 'Counter Showcase appears', 'appear apple', 'appear pear']);
    });

    it('$r: the module\'s strings override AppScope\'s, colors give values, media give the file', () => {
      const page = open();
      assert.strictEqual(page.getById('app-name').text, 'Pages Fixture'); // AppScope/resources only
      assert.ok(page.getByText('Every construct')); // the module's subtitle, not AppScope's
      const [image] = page.getAllByType('Image');
      assert.strictEqual(image.src, path.join(fixture, 'entry/src/main/resources/base/media/icon.png'));
      assert.ok(fs.existsSync(image.src!));
      const [, subtitle] = page.getAllByType('Text');
      assert.deepStrictEqual(subtitle.attributes[0].args[0], { resource: 'app.color.accent', type: 'color', name: 'accent', value: '#FF0A59F7' });
    });

    it('a @State change re-runs that build() only: the child keeps its nodes when nothing it reads changed', () => {
      const page = open();
      const childText = page.getById('counter-text');
      click(page.getById('add'));
      assert.strictEqual(page.getById('count').text, 'count 1');
      assert.strictEqual(page.getById('counter-text').text, 'Showcase: 1 (0 clicks)', '@Link: the child sees the parent\'s count');
      input(page.getById('name'), 'Ann');
      assert.strictEqual(page.getById('greeting').text, 'Hello, Ann');
      assert.strictEqual(page.getById('name').text, 'Ann');
      const kept = page.getById('counter-text');
      input(page.getById('name'), 'Bob');
      assert.strictEqual(page.getById('counter-text'), kept, 'the Counter did not re-render for a field it does not read');
      assert.notStrictEqual(kept, childText, 'it did when its @Link changed');
    });

    it('@Link writes through to the parent; @Prop is a copy the parent overwrites', () => {
      const page = open();
      click(page.getById('inc'));
      click(page.getById('inc'));
      assert.strictEqual(page.getById('count').text, 'count 2');
      assert.strictEqual(page.getById('counter-text').text, 'Showcase: 2 (2 clicks)');
      click(page.getById('rename'));
      assert.strictEqual(page.getById('counter-text').text, 'Showcase!: 2 (2 clicks)');
      assert.ok(page.getByText('Showcase'), "the parent's title is unchanged");
      click(page.getById('retitle'));
      assert.strictEqual(page.getById('counter-text').text, 'Renamed: 2 (2 clicks)', 'a new value from the parent replaces the copy');
      assert.strictEqual(page.root.children[0].children[0].children[0].text, 'Renamed');
    });

    it('Toggle and TextInput events; a click on a node without onClick is an error', () => {
      const page = open();
      toggle(page.getById('dark'));
      assert.strictEqual(page.getById('theme').text, 'dark');
      assert.strictEqual(page.getById('dark').isOn, true);
      toggle(page.getById('dark'), false);
      assert.strictEqual(page.getById('theme').text, 'light');
      assert.throws(() => click(page.getById('theme')), /Text "light" has no onClick handler \(.*Showcase\.ets:\d+\)/);
      assert.throws(() => input(page.getById('theme'), 'x'), /input\(\) types into a TextInput, not Text "light"/);
    });

    it('ForEach renders each item once, keyed; onAppear runs for new items only', () => {
      const page = open();
      click(page.getById('add-fruit'));
      assert.deepStrictEqual(page.getById('list').children.map((item) => snapshot(item)), [
        'ListItem onAppear=ƒ\n  Text "0. apple"', 'ListItem onAppear=ƒ\n  Text "1. pear"', 'ListItem onAppear=ƒ\n  Text "2. plum"',
      ]);
      assert.deepStrictEqual(showcase().events.filter((e) => e.startsWith('appear')), ['appear apple', 'appear pear', 'appear plum']);
    });

    it('if/else swaps the branch: the child goes (aboutToDisappear) and comes back with fresh state', () => {
      const page = open();
      click(page.getById('inc'));
      click(page.getById('toggle-counter'));
      assert.ok(page.getByText('counter hidden'));
      assert.deepStrictEqual(page.getAllByType('Counter'), []);
      click(page.getById('toggle-counter'));
      assert.strictEqual(page.getById('counter-text').text, 'Showcase: 1 (0 clicks)');
      assert.deepStrictEqual(showcase().events.filter((e) => e.startsWith('Counter')),
        ['Counter Showcase appears', 'Counter Showcase disappears', 'Counter Showcase appears']);
      page.unmount();
      assert.deepStrictEqual(showcase().events.slice(-2), ['Counter Showcase disappears', 'Showcase disappears']);
    });

    it('render(Struct) renders one struct with its fields given', () => {
      open();
      const page = render(showcase().__etsStructs.Counter, { label: 'solo', count: 5 });
      assert.strictEqual(page.getById('counter-text').text, 'solo: 5 (0 clicks)');
      click(page.getById('inc'));
      assert.strictEqual(page.getById('counter-text').text, 'solo: 6 (1 clicks)');
      assert.throws(() => render(showcase().__etsStructs.Counter, { label: 'x' }),
        /Showcase\.ets:\d+: @Link Counter\.count needs its parent's state/);
    });

    it('a state change made outside an event (a timer) re-renders on its own', async () => {
      const page = open();
      const struct = page.struct as unknown as { count: number };
      setTimeout(() => { struct.count = 41; }, 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.strictEqual(page.getById('count').text, 'count 41');
    });
  });

  describe('ArkUI\'s update rules in the corners', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(fixture, 'entry', 'src', 'main', 'ets', 'tmp-'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    let serial = 0;
    const load = (source: string, name = `Page${serial++}`): { __etsEntry: typeof Struct; events?: string[] } => {
      const file = path.join(dir, `${name}.ets`);
      fs.writeFileSync(file, source);
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      return require(file);
    };

    it('an array changed in place reaches the children that hold it through @Link and @Prop', () => {
      const page = render(load(`@Component
struct LinkChild {
  @Link items: string[];
  build() {
    Column() {
      Text(\`link \${this.items.length}\`).id('l')
      Button('lpush').id('lpush').onClick(() => { this.items.push('y'); })
    }
  }
}
@Component
struct PropChild {
  @Prop list: string[] = [];
  build() { Text(\`prop \${this.list.length}\`).id('r') }
}
@Entry
@Component
struct Parent {
  @State items: string[] = ['a'];
  build() {
    Column() {
      Text(\`parent \${this.items.length}\`).id('p')
      LinkChild({ items: $items })
      PropChild({ list: this.items })
      Button('push').id('push').onClick(() => { this.items.push('x'); })
    }
  }
}
`).__etsEntry);
      const texts = (): string[] => ['p', 'l', 'r'].map((id) => page.getById(id).text!);
      assert.deepStrictEqual(texts(), ['parent 1', 'link 1', 'prop 1']);
      click(page.getById('push'));
      assert.deepStrictEqual(texts(), ['parent 2', 'link 2', 'prop 2']);
      click(page.getById('lpush'));
      assert.deepStrictEqual(texts(), ['parent 3', 'link 3', 'prop 3']);
    });

    it('a parent\'s state a child\'s aboutToAppear writes through @Link renders', () => {
      const page = render(load(`@Component
struct Child {
  @Link n: number;
  aboutToAppear() { this.n = 42; }
  build() { Text(\`child \${this.n}\`).id('c') }
}
@Entry
@Component
struct Parent {
  @State n: number = 0;
  build() {
    Column() {
      Text(\`parent \${this.n}\`).id('p')
      Child({ n: $n })
    }
  }
}
`).__etsEntry);
      assert.strictEqual(page.getById('p').text, 'parent 42');
      assert.strictEqual(page.getById('c').text, 'child 42');
    });

    it('switching if/else branches replaces a component of the same type (aboutToDisappear, then a new one)', () => {
      const loaded = load(`export const events: string[] = [];
@Component
struct Named {
  @Prop label: string = '';
  @State clicks: number = 0;
  aboutToAppear() { events.push('appear ' + this.label); }
  aboutToDisappear() { events.push('disappear ' + this.label); }
  build() { Text(\`\${this.label} \${this.clicks}\`).id('named').onClick(() => { this.clicks++; }) }
}
@Entry
@Component
struct Parent {
  @State first: boolean = true;
  build() {
    Column() {
      if (this.first) {
        Named({ label: 'x' })
      } else {
        Named({ label: 'y' })
      }
      Button('flip').id('flip').onClick(() => { this.first = !this.first; })
    }
  }
}
`);
      const page = render(loaded.__etsEntry);
      click(page.getById('named'));
      assert.strictEqual(page.getById('named').text, 'x 1');
      click(page.getById('flip'));
      assert.strictEqual(page.getById('named').text, 'y 0', 'a new component, not x\'s kept with a new label');
      // (ArkUI's docs do not say whether the old branch goes before the new one comes: not asserted.)
      assert.deepStrictEqual(loaded.events!.slice(0, 1), ['appear x']);
      assert.deepStrictEqual(loaded.events!.slice(1).sort(), ['appear y', 'disappear x']);
    });

    it('a @Builder function imported from another file gets its arguments as written', () => {
      load(`@Builder export function Tag(label: string, size: number) {
  Text(label).fontSize(size).id('tag')
}
`, 'Tags');
      const page = render(load(`import { Tag } from './Tags';
@Entry
@Component
struct P {
  build() { Column() { Tag('hello', 12) } }
}
`).__etsEntry);
      assert.strictEqual(page.getById('tag').text, 'hello');
      assert.deepStrictEqual(page.getById('tag').attributes, [{ name: 'fontSize', args: [12] }, { name: 'id', args: ['tag'] }]);
    });

    it('a build() that changes the state it reads every time is stopped with the struct named', () => {
      const loaded = load(`@Entry
@Component
struct Loop {
  @State n: number = 0;
  build() { Text(\`\${this.n++}\`) }
}
`);
      assert.throws(() => render(loaded.__etsEntry), /Loop re-rendered 1000 times in a row/);
    });
  });

  describe('constructs outside the supported subset fail with file, line and construct', () => {
    const compile = (source: string): string => compilePage(source, '/app/entry/src/main/ets/pages/Bad.ets');
    const fails = (source: string, message: RegExp): void => {
      assert.throws(() => compile(source), (error: Error) => {
        assert.ok(error instanceof PageSyntaxError, String(error));
        assert.match(error.message, message);
        return true;
      });
    };

    it('an unsupported component', () => {
      fails('@Entry\n@Component\nstruct P {\n  build() {\n    Column() {\n      Grid() {}\n    }\n  }\n}',
        /^\/app\/entry\/src\/main\/ets\/pages\/Bad\.ets:6: the Grid component is not supported on the desktop$/);
    });

    it('an unsupported field decorator (@Provide)', () => {
      fails('@Entry\n@Component\nstruct P {\n  @Provide v: number = 1;\n  build() { Text("x") }\n}', /Bad\.ets:4: @Provide is not supported/);
    });

    it('@Watch beside @State', () => {
      fails('@Component\nstruct P {\n  @State @Watch("f") v: number = 1;\n  f() {}\n  build() { Text("x") }\n}', /Bad\.ets:3: @Watch is not supported/);
    });

    it('a @Styles function', () => {
      fails('@Styles function fancy() {\n  .width(10)\n}\n@Component\nstruct P { build() { Text("x") } }', /Bad\.ets:1: @Styles is not supported/);
    });

    it('an @Extend function', () => {
      fails('\n@Extend(Text) function big() {\n  .fontSize(40)\n}\n@Component\nstruct P { build() { Text("x") } }', /Bad\.ets:2: @Extend is not supported/);
    });

    it('@Observed on a class', () => {
      fails('@Observed\nclass A { x = 1 }\n@Component\nstruct P { build() { Text("x") } }', /Bad\.ets:1: @Observed is not supported/);
    });

    it('@CustomDialog on a struct', () => {
      fails('@CustomDialog\nstruct D {\n  build() { Text("x") }\n}', /Bad\.ets:1: @CustomDialog on a struct is not supported/);
    });

    it('a constructor in a struct', () => {
      fails('@Component\nstruct D {\n  constructor() {}\n  build() { Text("x") }\n}', /Bad\.ets:3: a constructor in a struct is not supported/);
    });

    it('a for loop in build()', () => {
      fails('@Component\nstruct D {\n  build() {\n    Column() {\n      for (const x of [1]) { Text("x") }\n    }\n  }\n}',
        /Bad\.ets:5: a for…of loop in build\(\) is not supported/);
    });

    it('a statement that is not a component in build()', () => {
      fails('@Component\nstruct D {\n  build() {\n    console.log("x")\n  }\n}',
        /Bad\.ets:4: `console\.log\("x"\)` in build\(\) is not a component/);
    });

    it('LazyForEach', () => {
      fails('@Component\nstruct D {\n  build() {\n    List() {\n      LazyForEach(this.data, (x: string) => { ListItem() {} })\n    }\n  }\n}',
        /Bad\.ets:5: LazyForEach is not supported/);
    });

    it('$rawfile()', () => {
      fails('@Component\nstruct D {\n  build() {\n    Image($rawfile("a.png"))\n  }\n}', /Bad\.ets:4: \$rawfile\(\) is not supported/);
    });

    it('$$ two-way bindings, an enum member the desktop does not know, a trailing block on a struct', () => {
      fails('@Component\nstruct D {\n  @State v: string = "";\n  build() {\n    TextInput({ text: $$this.v })\n  }\n}',
        /Bad\.ets:5: .*\$\$this.*the \$\$ two-way binding\) is not supported/);
      fails('@Component\nstruct D {\n  build() {\n    Text("x").fontWeight(FontWeight.W500)\n  }\n}',
        /Bad\.ets:4: FontWeight\.W500 is not a member the desktop knows \(FontWeight: Lighter, Normal, Regular, Medium, Bold, Bolder\)/);
      fails('@Component\nstruct Card {\n  build() { Column() {} }\n}\n@Component\nstruct D {\n  build() {\n    Card() {\n      Text("x")\n    }\n  }\n}',
        /Bad\.ets:8: a trailing \{ … \} block on Card is not supported on the desktop \(it needs @BuilderParam\)/);
    });

    it('a page that does not parse', () => {
      fails('@Component\nstruct D {\n  build() { Text("x" }\n}', /Bad\.ets:3: the page does not parse: ',' expected/);
    });

    it('through require(): the same error, and a $r() that names no resource fails at its line', () => {
      const dir = fs.mkdtempSync(path.join(fixture, 'entry', 'src', 'main', 'ets', 'tmp-'));
      try {
        const bad = path.join(dir, 'Grid.ets');
        fs.writeFileSync(bad, '@Entry\n@Component\nstruct P {\n  build() {\n    Grid() {}\n  }\n}\n');
        assert.throws(() => require(bad), (error: Error) => error instanceof PageSyntaxError &&
          error.message === `${bad}:5: the Grid component is not supported on the desktop`);
        const missing = path.join(dir, 'Missing.ets');
        fs.writeFileSync(missing, '@Entry\n@Component\nstruct P {\n  build() {\n    Column() {\n      Text($r("app.string.nope"))\n    }\n  }\n}\n');
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const loaded = require(missing) as { __etsEntry: typeof Struct };
        assert.throws(() => render(loaded.__etsEntry), (error: Error) => {
          assert.ok(error.message.startsWith(`${missing}:6: $r('app.string.nope'): no string named nope in `), error.message);
          assert.ok(error.message.includes(path.join(fixture, 'AppScope', 'resources', 'base', 'element', '*.json')));
          return true;
        });
      } finally {
        fs.rmSync(dir, { recursive: true });
      }
    });
  });
});
