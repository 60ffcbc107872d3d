// Unit specs sit beside the code (src/, *.spec.ts); end-to-end specs live in test/.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '\\.(spec|e2e-spec)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.(t|j)s$': '@swc/jest' },
  // Nest 12 and otplib's crypto and Base32 plugins (@noble, @scure) ship ES modules only.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@otplib|@noble|@scure)/)'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
