export default {} as Record<string, unknown>;
