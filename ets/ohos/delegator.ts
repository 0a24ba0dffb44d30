// `@ohos.app.ability.abilityDelegatorRegistry` / `@kit.TestKit` on the desktop:
// the AbilityDelegator Hypium reports through. The runner (ets/hypium-runner.ts)
// sets the arguments and receives what the delegator prints and finishTest.
export interface AbilityDelegatorArgs {
  bundleName: string;
  parameters: Record<string, string>;
  testCaseNames: string;
  testRunnerClassName: string;
}

type Callback = (error: unknown, data?: unknown) => void;

export interface DesktopDelegatorHooks {
  print(message: string): void;
  finish(message: string, code: number): void;
}

let args: AbilityDelegatorArgs = { bundleName: 'com.example.app', parameters: {}, testCaseNames: '', testRunnerClassName: '' };
let hooks: DesktopDelegatorHooks = {
  print: (message) => process.stdout.write(`${message}\n`),
  finish: () => undefined,
};

function unsupported(name: string): never {
  throw new Error(`AbilityDelegator.${name} has no desktop meaning (jsvm-desktop runs no abilities)`);
}

export class AbilityDelegator {
  printSync(message: string): void {
    hooks.print(message);
  }

  print(message: string, callback?: Callback): Promise<void> | void {
    hooks.print(message);
    if (callback) return callback(undefined);
    return Promise.resolve();
  }

  finishTest(message: string, code: number, callback?: Callback): Promise<void> | void {
    hooks.finish(message, code);
    if (callback) return callback(undefined);
    return Promise.resolve();
  }

  executeShellCommand(cmd: string, ..._rest: unknown[]): never {
    return unsupported(`executeShellCommand(${JSON.stringify(cmd)})`);
  }

  getAppContext(): never { return unsupported('getAppContext'); }
  startAbility(): never { return unsupported('startAbility'); }
  addAbilityMonitor(): never { return unsupported('addAbilityMonitor'); }
}

const delegator = new AbilityDelegator();

export enum AbilityLifecycleState { UNINITIALIZED, CREATE, FOREGROUND, BACKGROUND, DESTROY }

export const abilityDelegatorRegistry = {
  AbilityLifecycleState,
  getAbilityDelegator: (): AbilityDelegator => delegator,
  getArguments: (): AbilityDelegatorArgs => args,
};

/** For the runner: the arguments tests see and where the delegator's output goes. */
export function setupDesktopDelegator(newArgs: AbilityDelegatorArgs, newHooks: DesktopDelegatorHooks): void {
  args = newArgs;
  hooks = newHooks;
}

export default abilityDelegatorRegistry;
