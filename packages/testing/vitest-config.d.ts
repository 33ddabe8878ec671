import type { UserConfig } from "vitest/config";

export function testConfig(options?: { globalSetup?: string[] }): UserConfig;
