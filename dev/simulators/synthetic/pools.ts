/**
 * Fixed vocabularies the generator draws from: names, departments, offices, partner domains,
 * devices and user agents. Built once per process; everything else indexes into them.
 */

export const FIRST_NAMES: readonly string[] = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
  'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen',
  'Christopher', 'Lisa', 'Daniel', 'Nancy', 'Matthew', 'Betty', 'Anthony', 'Margaret', 'Mark', 'Sandra',
  'Donald', 'Ashley', 'Steven', 'Kimberly', 'Paul', 'Emily', 'Andrew', 'Donna', 'Joshua', 'Michelle',
  'Kenneth', 'Carol', 'Kevin', 'Amanda', 'Brian', 'Dorothy', 'George', 'Melissa', 'Timothy', 'Deborah',
  'Ronald', 'Stephanie', 'Edward', 'Rebecca', 'Jason', 'Sharon', 'Jeffrey', 'Laura', 'Ryan', 'Cynthia',
  'Jacob', 'Kathleen', 'Gary', 'Amy', 'Nicholas', 'Angela', 'Eric', 'Shirley', 'Jonathan', 'Anna',
  'Stephen', 'Brenda', 'Larry', 'Pamela', 'Justin', 'Emma', 'Scott', 'Nicole', 'Brandon', 'Helen',
  'Benjamin', 'Samantha', 'Samuel', 'Katherine', 'Gregory', 'Christine', 'Alexander', 'Debra', 'Frank', 'Rachel',
  'Patrick', 'Carolyn', 'Raymond', 'Janet', 'Jack', 'Catherine', 'Dennis', 'Maria', 'Jerry', 'Heather',
  'Priya', 'Arjun', 'Wei', 'Mei', 'Hiroshi', 'Yuki', 'Olusegun', 'Amara', 'Mateo', 'Sofia',
  'Lukas', 'Lena', 'Pierre', 'Chloe', 'Giulia', 'Marco', 'Aisha', 'Omar', 'Fatima', 'Ahmed',
  'Ingrid', 'Lars', 'Sven', 'Freya', 'Diego', 'Camila', 'Rahul', 'Ananya', 'Jin', 'Min-jun',
  'Tomasz', 'Agnieszka', 'Kwame', 'Nia', 'Santiago', 'Valentina', 'Noah', 'Olivia', 'Liam', 'Ava',
];

export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes',
  'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper',
  'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson',
  'Watson', 'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes',
  'Price', 'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jimenez',
  'Natarajan', 'Sharma', 'Chen', 'Wang', 'Tanaka', 'Sato', 'Okafor', 'Adeyemi', 'Schmidt', 'Muller',
  'Dubois', 'Rossi', 'Bianchi', 'Kowalski', 'Nowak', 'Larsen', 'Johansson', 'Andersen', 'Silva', 'Santos',
  'Oliveira', 'Costa', 'Haddad', 'Khan', 'Ali', 'Hussain', 'Park', 'Choi', 'Yamamoto', 'Suzuki',
  'Fischer', 'Weber', 'Novak', 'Horvat', 'Mensah', 'Owusu', 'Fernandez', 'Romero', 'OConnor', 'Murray',
  'Byrne', 'Walsh', 'Kennedy', 'Lynch', 'Quinn', 'Doyle', 'Fraser', 'Grant', 'Hamilton', 'Graham',
];

export interface Department {
  name: string;
  /** Short code for group names and employee numbers. */
  code: string;
  weight: number;
  titles: readonly string[];
}

export const DEPARTMENTS: readonly Department[] = [
  { name: 'Engineering', code: 'ENG', weight: 0.2, titles: ['Software Engineer', 'Senior Software Engineer', 'Staff Engineer', 'Engineering Manager', 'QA Engineer', 'Site Reliability Engineer'] },
  { name: 'Sales', code: 'SLS', weight: 0.15, titles: ['Account Executive', 'Sales Development Representative', 'Regional Sales Manager', 'Sales Engineer'] },
  { name: 'Marketing', code: 'MKT', weight: 0.07, titles: ['Marketing Manager', 'Content Strategist', 'Product Marketing Manager', 'Designer'] },
  { name: 'Finance', code: 'FIN', weight: 0.06, titles: ['Financial Analyst', 'Controller', 'Accountant', 'Payroll Specialist'] },
  { name: 'Human Resources', code: 'HR', weight: 0.04, titles: ['HR Business Partner', 'Recruiter', 'HR Generalist', 'Talent Acquisition Lead'] },
  { name: 'IT', code: 'IT', weight: 0.06, titles: ['Systems Administrator', 'IT Support Specialist', 'Network Engineer', 'IT Manager', 'Identity Engineer'] },
  { name: 'Operations', code: 'OPS', weight: 0.12, titles: ['Operations Analyst', 'Operations Manager', 'Logistics Coordinator', 'Warehouse Supervisor'] },
  { name: 'Legal', code: 'LGL', weight: 0.02, titles: ['Counsel', 'Paralegal', 'Compliance Officer'] },
  { name: 'Customer Success', code: 'CS', weight: 0.12, titles: ['Customer Success Manager', 'Support Engineer', 'Support Agent', 'Technical Account Manager'] },
  { name: 'Product', code: 'PM', weight: 0.06, titles: ['Product Manager', 'Senior Product Manager', 'UX Researcher', 'Product Designer'] },
  { name: 'Security', code: 'SEC', weight: 0.03, titles: ['Security Analyst', 'Security Engineer', 'CISO', 'SOC Analyst'] },
  { name: 'Facilities', code: 'FAC', weight: 0.07, titles: ['Facilities Coordinator', 'Office Manager', 'Receptionist'] },
];

export interface City {
  city: string;
  state: string;
  /** ISO-2, as Graph's location.countryOrRegion. */
  country: string;
  /** Country name, as Okta's geographicalContext.country. */
  countryName: string;
  postalCode: string;
  lat: number;
  lon: number;
  /** A company office is here (most people's sign-ins come from one). */
  office: boolean;
  usageLocation: string;
}

export const CITIES: readonly City[] = [
  { city: 'Seattle', state: 'Washington', country: 'US', countryName: 'United States', postalCode: '98101', lat: 47.6062, lon: -122.3321, office: true, usageLocation: 'US' },
  { city: 'New York', state: 'New York', country: 'US', countryName: 'United States', postalCode: '10001', lat: 40.7128, lon: -74.006, office: true, usageLocation: 'US' },
  { city: 'Austin', state: 'Texas', country: 'US', countryName: 'United States', postalCode: '73301', lat: 30.2672, lon: -97.7431, office: true, usageLocation: 'US' },
  { city: 'Chicago', state: 'Illinois', country: 'US', countryName: 'United States', postalCode: '60601', lat: 41.8781, lon: -87.6298, office: true, usageLocation: 'US' },
  { city: 'London', state: 'England', country: 'GB', countryName: 'United Kingdom', postalCode: 'EC1A', lat: 51.5074, lon: -0.1278, office: true, usageLocation: 'GB' },
  { city: 'Leeds', state: 'England', country: 'GB', countryName: 'United Kingdom', postalCode: 'LS1', lat: 53.7997, lon: -1.5492, office: false, usageLocation: 'GB' },
  { city: 'Dublin', state: 'Leinster', country: 'IE', countryName: 'Ireland', postalCode: 'D02', lat: 53.3498, lon: -6.2603, office: true, usageLocation: 'IE' },
  { city: 'Berlin', state: 'Berlin', country: 'DE', countryName: 'Germany', postalCode: '10115', lat: 52.52, lon: 13.405, office: true, usageLocation: 'DE' },
  { city: 'Paris', state: 'Ile-de-France', country: 'FR', countryName: 'France', postalCode: '75001', lat: 48.8566, lon: 2.3522, office: false, usageLocation: 'FR' },
  { city: 'Amsterdam', state: 'North Holland', country: 'NL', countryName: 'Netherlands', postalCode: '1012', lat: 52.3676, lon: 4.9041, office: true, usageLocation: 'NL' },
  { city: 'Bengaluru', state: 'Karnataka', country: 'IN', countryName: 'India', postalCode: '560001', lat: 12.9716, lon: 77.5946, office: true, usageLocation: 'IN' },
  { city: 'Singapore', state: 'Singapore', country: 'SG', countryName: 'Singapore', postalCode: '018956', lat: 1.3521, lon: 103.8198, office: true, usageLocation: 'SG' },
  { city: 'Tokyo', state: 'Tokyo', country: 'JP', countryName: 'Japan', postalCode: '100-0001', lat: 35.6762, lon: 139.6503, office: false, usageLocation: 'JP' },
  { city: 'Sydney', state: 'New South Wales', country: 'AU', countryName: 'Australia', postalCode: '2000', lat: -33.8688, lon: 151.2093, office: true, usageLocation: 'AU' },
  { city: 'Toronto', state: 'Ontario', country: 'CA', countryName: 'Canada', postalCode: 'M5H', lat: 43.6532, lon: -79.3832, office: true, usageLocation: 'CA' },
  { city: 'Sao Paulo', state: 'Sao Paulo', country: 'BR', countryName: 'Brazil', postalCode: '01000', lat: -23.5505, lon: -46.6333, office: false, usageLocation: 'BR' },
];

/** Where risky and "anonymous" sign-ins come from. */
export const RISKY_CITIES: readonly City[] = [
  { city: 'Lagos', state: 'Lagos', country: 'NG', countryName: 'Nigeria', postalCode: '100001', lat: 6.4541, lon: 3.3947, office: false, usageLocation: 'NG' },
  { city: 'Moscow', state: 'Moscow', country: 'RU', countryName: 'Russia', postalCode: '101000', lat: 55.7558, lon: 37.6173, office: false, usageLocation: 'RU' },
  { city: 'Bucharest', state: 'Bucharest', country: 'RO', countryName: 'Romania', postalCode: '010011', lat: 44.4268, lon: 26.1025, office: false, usageLocation: 'RO' },
  { city: 'Ho Chi Minh City', state: 'Ho Chi Minh', country: 'VN', countryName: 'Vietnam', postalCode: '700000', lat: 10.8231, lon: 106.6297, office: false, usageLocation: 'VN' },
];

/** B2B guests' home domains. */
export const PARTNER_DOMAINS: readonly string[] = [
  'fabrikam.com', 'northwind-labs.com', 'adventure-works.com', 'tailspintoys.com', 'wingtiptoys.com',
  'litware.com', 'proseware.com', 'woodgrovebank.com', 'alpineskihouse.com', 'fourthcoffee.com',
];

export interface DeviceProfile {
  /** Graph deviceDetail.operatingSystem. */
  os: string;
  /** Graph deviceDetail.browser. */
  browser: string;
  /** Okta client.userAgent.os / browser and device. */
  oktaOs: string;
  oktaBrowser: string;
  oktaDevice: string;
  userAgent: string;
  weight: number;
  mobile: boolean;
}

export const DEVICES: readonly DeviceProfile[] = [
  {
    os: 'Windows10', browser: 'Edge 124.0.2478', oktaOs: 'Windows 10', oktaBrowser: 'EDGE_CHROMIUM', oktaDevice: 'Computer', weight: 0.34, mobile: false,
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80',
  },
  {
    os: 'Windows10', browser: 'Chrome 125.0.0', oktaOs: 'Windows 10', oktaBrowser: 'CHROME', oktaDevice: 'Computer', weight: 0.2, mobile: false,
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36',
  },
  {
    os: 'MacOs', browser: 'Chrome 125.0.0', oktaOs: 'Mac OS X', oktaBrowser: 'CHROME', oktaDevice: 'Computer', weight: 0.14, mobile: false,
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36',
  },
  {
    os: 'MacOs', browser: 'Safari 17.4', oktaOs: 'Mac OS X', oktaBrowser: 'SAFARI', oktaDevice: 'Computer', weight: 0.06, mobile: false,
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  },
  {
    os: 'Ios', browser: 'Mobile Safari 17.4', oktaOs: 'iOS', oktaBrowser: 'SAFARI', oktaDevice: 'Mobile', weight: 0.14, mobile: true,
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  },
  {
    os: 'Android', browser: 'Chrome Mobile 124.0.6367', oktaOs: 'Android', oktaBrowser: 'CHROME', oktaDevice: 'Mobile', weight: 0.09, mobile: true,
    userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
  },
  {
    os: 'Linux', browser: 'Firefox 126.0', oktaOs: 'Linux', oktaBrowser: 'FIREFOX', oktaDevice: 'Computer', weight: 0.03, mobile: false,
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0',
  },
];

/** What legacy-protocol clients look like in a sign-in. */
export const LEGACY_USER_AGENT = 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.5452; Pro)';
export const MOBILE_APP_BROWSER = 'Rich Client 5.2.0.0';

export const SECURITY_QUESTIONS: ReadonlyArray<readonly [string, string]> = [
  ['disliked_food', 'What is the food you least liked as a child?'],
  ['name_of_first_plush_toy', 'What is the name of your first stuffed animal?'],
  ['first_award', 'What did you earn your first medal or award for?'],
  ['favorite_security_question', 'What is your favorite security question?'],
  ['favorite_toy', 'What is the toy/stuffed animal you liked the most as a kid?'],
  ['first_computer_game', 'What was the first computer game you played?'],
  ['favorite_movie_quote', 'What is your favorite movie quote?'],
];

export const PHONE_MODELS: ReadonlyArray<readonly [string, string, string]> = [
  ['SmartPhone_IPhone', 'IOS', '17.4'],
  ['SmartPhone_IPhone', 'IOS', '16.7'],
  ['SmartPhone_Android', 'ANDROID', '14'],
  ['SmartPhone_Android', 'ANDROID', '13'],
];

export const PHONE_NAMES: readonly string[] = ['iPhone', 'iPhone 15', 'Pixel 8', 'Galaxy S23', 'iPhone 13'];

export const SECURITY_KEYS: readonly string[] = ['YubiKey 5 NFC', 'YubiKey 5C', 'Feitian ePass FIDO', 'Google Titan Key', 'Windows Hello'];
