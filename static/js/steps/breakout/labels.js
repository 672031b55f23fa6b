// Words that several of group work's screens share.
import { t } from "../../socket.js";

/** "Group 3: Sharing information", or just "Group 3" when the group has no name of its own. */
export function groupLabel(number, name) {
  const plain = t("breakout.group_number", { number });
  return !name || name === plain ? plain : t("breakout.group_title", { number, name });
}
