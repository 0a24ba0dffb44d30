// The ArkUI enums pages use as globals (FontWeight.Bold, FlexDirection.Column …).
// Their members are strings that name themselves ('FontWeight.Bold'): pages
// only compare and pass them along, and a tree snapshot then reads as the
// page was written.

const MEMBERS: Record<string, string[]> = {
  FontWeight: ['Lighter', 'Normal', 'Regular', 'Medium', 'Bold', 'Bolder'],
  FontStyle: ['Normal', 'Italic'],
  Color: ['White', 'Black', 'Blue', 'Brown', 'Gray', 'Green', 'Grey', 'Orange', 'Pink', 'Red', 'Yellow', 'Transparent'],
  FlexDirection: ['Row', 'Column', 'RowReverse', 'ColumnReverse'],
  FlexAlign: ['Start', 'Center', 'End', 'SpaceBetween', 'SpaceAround', 'SpaceEvenly'],
  FlexWrap: ['NoWrap', 'Wrap', 'WrapReverse'],
  ItemAlign: ['Auto', 'Start', 'Center', 'End', 'Baseline', 'Stretch'],
  HorizontalAlign: ['Start', 'Center', 'End'],
  VerticalAlign: ['Top', 'Center', 'Bottom'],
  Alignment: ['TopStart', 'Top', 'TopEnd', 'Start', 'Center', 'End', 'BottomStart', 'Bottom', 'BottomEnd'],
  TextAlign: ['Center', 'Start', 'End', 'JUSTIFY'],
  TextOverflow: ['None', 'Clip', 'Ellipsis', 'MARQUEE'],
  ToggleType: ['Checkbox', 'Switch', 'Button'],
  ButtonType: ['Capsule', 'Circle', 'Normal', 'ROUNDED_RECTANGLE'],
  InputType: ['Normal', 'Number', 'PhoneNumber', 'Email', 'Password'],
  EnterKeyType: ['Go', 'Search', 'Send', 'Next', 'Done'],
  ImageFit: ['Contain', 'Cover', 'Auto', 'Fill', 'ScaleDown', 'None'],
  Visibility: ['Visible', 'Hidden', 'None'],
  Axis: ['Vertical', 'Horizontal'],
};

export const enums: Record<string, Readonly<Record<string, string>>> = Object.fromEntries(
  Object.entries(MEMBERS).map(([name, members]) => [name, Object.freeze(Object.fromEntries(members.map((m) => [m, `${name}.${m}`])))]),
);

export const ENUM_NAMES = Object.keys(MEMBERS);
