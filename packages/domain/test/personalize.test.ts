import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CompiledTemplate, compileTemplate, render, variablesOf } from "../src/templates/personalize.js";

function compiled(body: string): CompiledTemplate {
  const result = compileTemplate(body);
  if (!result.ok) throw new Error(`expected "${body}" to compile: ${result.error.message}`);
  return result.template;
}

function refusal(body: string) {
  const result = compileTemplate(body);
  if (result.ok) throw new Error(`expected "${body}" to be refused`);
  return result.error;
}

describe("compileTemplate", () => {
  it("accepts whitelisted variables and filters", () => {
    const body =
      'Hi {{ contact.first_name | default: "there" | capitalize }}, {{ contact.properties.plan | upcase }} ' +
      '{{ contact["last_name"] | truncate: 10, "…" }} {{- contact.email | strip | downcase -}} {{ contact.external_id }}';
    expect(variablesOf(compiled(body))).toEqual([
      { path: "contact.first_name", hasDefault: true },
      { path: "contact.properties.plan", hasDefault: false },
      { path: "contact.last_name", hasDefault: false },
      { path: "contact.email", hasDefault: false },
      { path: "contact.external_id", hasDefault: false },
    ]);
  });

  it("lists each variable once, with a default only if every use has one", () => {
    const body = '{{ contact.name | default: "x" }} {{ contact.name }} {{ contact.phone | default: "" }}';
    expect(variablesOf(compiled(body))).toEqual([
      { path: "contact.name", hasDefault: false },
      { path: "contact.phone", hasDefault: true },
    ]);
  });

  it("accepts plain text with no variable", () => {
    expect(variablesOf(compiled("Sale ends Friday! Reply STOP to opt out."))).toEqual([]);
  });

  it("reports syntax errors", () => {
    for (const body of [
      "Hi {{ contact.name",
      "{{ }}",
      "{{ contact.name | }",
      "Hi {% if x %}",
      "{% endif %}",
    ]) {
      expect(refusal(body).message).toMatch(/\S/);
    }
  });

  it("refuses every tag", () => {
    for (const body of [
      "{% assign x = 1 %}",
      "{% for i in (1..1000000) %}x{% endfor %}",
      "{% include 'secrets' %}",
      "{% render 'x' %}",
      "{% raw %}{{ contact.name }}{% endraw %}",
      "{% comment %}hi{% endcomment %}",
      "{% # inline comment %}",
      "{% liquid echo contact.name %}",
      "{% if contact.name %}Hi{% endif %}",
      "{% capture x %}{{ contact.name }}{% endcapture %}",
    ]) {
      expect(refusal(body).message).toMatch(/tags are not allowed|not found/);
    }
    expect(refusal("{% assign x = 1 %}").field).toBe("assign");
  });

  it("refuses variables outside the whitelist", () => {
    for (const [body, field] of [
      ["{{ contact.ssn }}", "contact.ssn"],
      ["{{ contact }}", "contact"],
      ["{{ contact.properties }}", "contact.properties"],
      ["{{ organization.api_key }}", "organization.api_key"],
      ["{{ contact.first_name.size }}", "contact.first_name.size"],
      ["{{ contact.properties.a.b }}", "contact.properties.a.b"],
      ["{{ contact.properties.a-b }}", "contact.properties.a-b"],
      [`{{ contact.properties.${"k".repeat(65)} }}`, `contact.properties.${"k".repeat(65)}`],
      ['{{ contact.properties["a b"] }}', "contact.properties.a b"],
    ]) {
      expect(refusal(body ?? "")).toMatchObject({ field });
    }
  });

  it("refuses prototype access however it is spelled", () => {
    for (const body of [
      "{{ contact.properties.__proto__ }}",
      "{{ contact.properties.constructor }}",
      "{{ contact.properties.prototype }}",
      "{{ contact.properties.toString }}",
      "{{ contact.properties.hasOwnProperty }}",
      '{{ contact.properties["__proto__"] }}',
      '{{ contact.properties["\\u005f_proto__"] }}',
      "{{ contact.__proto__.polluted }}",
      "{{ contact.constructor.constructor }}",
      "{{ __proto__ }}",
    ]) {
      expect(compileTemplate(body).ok).toBe(false);
    }
  });

  it("refuses computed lookups, literals, ranges and expressions", () => {
    for (const body of [
      "{{ contact.properties[contact.name] }}",
      "{{ contact.properties[0] }}",
      '{{ "text" }}',
      "{{ 42 }}",
      "{{ (1..100000000) }}",
      "{{ contact.name == contact.email }}",
      "{{ contact.name or contact.email }}",
    ]) {
      expect(compileTemplate(body).ok).toBe(false);
    }
  });

  it("refuses filters outside the whitelist, variable or keyword arguments, and extra arguments", () => {
    for (const [body, field] of [
      ["{{ contact.name | date: '%Y' }}", "date"],
      ["{{ contact.name | json }}", "json"],
      ["{{ contact.name | escape }}", "escape"],
      ["{{ contact.name | split: '' }}", "split"],
      ["{{ contact.name | nope }}", "nope"],
      ["{{ contact.name | default: contact.email }}", "default"],
      ["{{ contact.name | default: 'x', allow_false: true }}", "default"],
      ["{{ contact.name | default: nil }}", "default"],
      ["{{ contact.name | default }}", "default"],
      ["{{ contact.name | upcase: 'x' }}", "upcase"],
      ["{{ contact.name | truncate: 5, '…', 3 }}", "truncate"],
    ]) {
      expect(refusal(body ?? "")).toMatchObject({ field });
    }
  });

  it("refuses bodies past the length limit", () => {
    expect(refusal("a".repeat(500_001)).message).toMatch(/longer than/);
  });
});

describe("render", () => {
  it("fills variables and reports none missing", () => {
    const template = compiled(
      "Hi {{ contact.first_name }} {{ contact.last_name }}, your plan: {{ contact.properties.plan }}",
    );
    expect(
      render(template, { first_name: "Ada", last_name: "Lovelace", properties: { plan: "Pro" } }),
    ).toEqual({
      text: "Hi Ada Lovelace, your plan: Pro",
      missing: [],
    });
  });

  it("derives first and last names from name, split on the first space", () => {
    const template = compiled("{{ contact.first_name }}|{{ contact.last_name }}|{{ contact.name }}");
    expect(render(template, { name: "Mary Ann Smith" }).text).toBe("Mary|Ann Smith|Mary Ann Smith");
    expect(render(template, { name: "Cher" })).toEqual({
      text: "Cher||Cher",
      missing: ["contact.last_name"],
    });
    expect(render(template, { name: "Mary Smith", first_name: "Molly" }).text).toBe("Molly|Smith|Mary Smith");
  });

  it("reports variables without a value and without a default", () => {
    const template = compiled(
      'Hi {{ contact.first_name | default: "there" }} {{ contact.properties.city }} {{ contact.email }}',
    );
    expect(render(template, { properties: { city: "  " }, email: "" })).toEqual({
      text: "Hi there  ",
      missing: ["contact.properties.city", "contact.email"],
    });
  });

  it("prints numbers and booleans, treats objects and arrays as no value", () => {
    const template = compiled(
      "{{ contact.properties.n }} {{ contact.properties.b }} {{ contact.properties.o }}",
    );
    expect(render(template, { properties: { n: 3.5, b: false, o: { toString: "x" } } })).toEqual({
      text: "3.5 false ",
      missing: ["contact.properties.o"],
    });
  });

  it("applies filters", () => {
    const template = compiled('{{ contact.name | upcase }} {{ contact.properties.note | truncate: 8, "…" }}');
    expect(render(template, { name: "ada", properties: { note: "a long note" } }).text).toBe("ADA a long …");
  });

  it("does not escape HTML", () => {
    expect(render(compiled("{{ contact.name }}"), { name: `<b>"Tom" & Jerry's</b>` }).text).toBe(
      `<b>"Tom" & Jerry's</b>`,
    );
  });

  it("reads only the contact's own properties, including names Liquid treats specially", () => {
    const template = compiled(
      "[{{ contact.properties.size }}][{{ contact.properties.first }}][{{ contact.properties.valueOf_ }}]",
    );
    expect(render(template, { properties: { other: 1, another: 2 } })).toEqual({
      text: "[][][]",
      missing: ["contact.properties.size", "contact.properties.first", "contact.properties.valueOf_"],
    });
    const inherited = Object.create({ size: "inherited" }) as Record<string, unknown>;
    expect(render(template, { properties: inherited }).text).toBe("[][][]");
    expect(render(template, { properties: { size: "XL", first: "yes" } }).text).toBe("[XL][yes][]");
  });

  it("never runs functions or exposes the contact's other fields", () => {
    const template = compiled("{{ contact.properties.fn }}{{ contact.name }}");
    const contact = { name: "A", properties: { fn: () => "ran" }, secret: "s" };
    expect(render(template, contact)).toEqual({ text: "A", missing: ["contact.properties.fn"] });
  });

  it("keeps rendering what it compiled for any text and any property value", () => {
    fc.assert(
      fc.property(fc.string(), fc.anything(), (text, value) => {
        const body = `${text.replaceAll(/[{}%]/g, "")}{{ contact.properties.x | default: "-" }}`;
        const result = render(compiled(body), { properties: { x: value } });
        expect(typeof result.text).toBe("string");
        expect(result.missing).toEqual([]);
      }),
    );
  });
});
