export interface TaskSet {
  readonly kind: 'app' | 'hap' | 'har' | 'hsp';
  readonly tasks: readonly string[];
}
export const appTasks: TaskSet;
export const hapTasks: TaskSet;
export const harTasks: TaskSet;
export const hspTasks: TaskSet;
