import type { UserConfig } from "vitest/config";

export function testConfig(): UserConfig;
