/** Offerings for tests: the complete example lives beside the code, so the benchmark can print it too. */
export { exampleContent, exampleDraft } from '../../src/offerings/example-offering';
