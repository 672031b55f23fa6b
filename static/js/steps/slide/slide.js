// An information slide (facilitator/steps/slide): a title, a short text, an optional image. The same
// on the projector and every phone. Text goes in through textContent only: it is inert everywhere.
import { h, setText } from "../../dom.js";

function draw(section, slide, headingClass, textClass) {
  if (!section.firstChild) {
    section.append(
      h("h1", { class: headingClass, "data-testid": "slide-title" }),
      h("p", { class: textClass, "data-testid": "slide-text" }),
      h("img", { class: "slide-image", "data-testid": "slide-image", alt: "", hidden: true }),
    );
    section.querySelector("[data-testid=slide-text]").style.whiteSpace = "pre-line";
    const img = section.querySelector("img");
    img.style.maxWidth = "100%";
    img.style.maxHeight = "50vh";
    img.style.objectFit = "contain";
  }
  setText(section.querySelector("[data-testid=slide-title]"), slide.title);
  const text = section.querySelector("[data-testid=slide-text]");
  setText(text, slide.text);
  text.hidden = !slide.text;
  const img = section.querySelector("img");
  img.hidden = !slide.image_url;
  if (slide.image_url && img.getAttribute("src") !== slide.image_url) img.setAttribute("src", slide.image_url);
  if (!slide.image_url) img.removeAttribute("src");
}

export function phone(section, slide) {
  draw(section, slide, "statement-text", "");
}

export function projector(section, slide) {
  draw(section, slide, "pj-statement-text", "pj-slide-text");
}
