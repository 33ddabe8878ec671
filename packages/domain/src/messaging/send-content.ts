import type { z } from "zod";

/** What a send's content is made of, whatever its channel. */
interface Content {
  body?: string | undefined;
  attachments?: string[] | undefined;
  template?: unknown;
}

const hasBody = (input: Content) => input.body !== undefined && input.body.trim() !== "";

/** SMS and email: a body or attachments (shared by the single sends and the bulk rows). */
export function requireBodyOrAttachments(input: Content, ctx: z.RefinementCtx): void {
  if (!hasBody(input) && (input.attachments?.length ?? 0) === 0) {
    ctx.addIssue({ code: "custom", path: ["body"], message: "body or attachments is required" });
  }
}

/** WhatsApp: free-form (body and/or one attachment) or a template, exactly one of the two. */
export function requireFreeFormOrTemplate(input: Content, ctx: z.RefinementCtx): void {
  const freeForm = hasBody(input) || (input.attachments?.length ?? 0) > 0;
  if (freeForm === (input.template !== undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["body"],
      message: "exactly one of body/attachments or template is required",
    });
  }
}
