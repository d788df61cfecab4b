export * from './dates';
export * from './exam';
export * from './student';
export * from './reference';
export * from './flags';
export * from './notes';
export * from './acknowledgements';
export * from './outcomes';
