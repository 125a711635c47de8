export * from './schema';
export * from './request-parameters';
export * from './arns';
export * from './policies';
export * from './presets';
export * from './derive';
export * from './names';
export * from './limits';
