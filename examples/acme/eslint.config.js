import drizzleMigrations from 'eslint-plugin-drizzle-migrations';

export default [...drizzleMigrations.configs.recommended];
